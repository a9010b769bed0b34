import Foundation

/// Wire-format examples checked into `Tests/Fixtures`, read from the source tree.
public enum Fixtures {
    /// `Tests/Fixtures`, found relative to this file.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures", isDirectory: true)

    /// `Tests/Fixtures/uazapi`: uazapi webhook events and send answers.
    public static var uazapiDirectory: URL {
        directory.appendingPathComponent("uazapi", isDirectory: true)
    }

    /// The bytes of `Tests/Fixtures/uazapi/<name>` (`name` with or without `.json`).
    public static func uazapi(_ name: String) throws -> Data {
        let file = name.hasSuffix(".json") ? name : name + ".json"
        return try Data(contentsOf: uazapiDirectory.appendingPathComponent(file))
    }

    /// The names of every uazapi fixture (`message-text.json`…), sorted.
    public static func uazapiNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: uazapiDirectory.path)
            .filter { $0.hasSuffix(".json") }
            .sorted()
    }
}
