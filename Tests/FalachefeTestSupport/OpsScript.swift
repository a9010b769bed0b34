import Foundation

/// Runs the repository's `ops/*-test-server.sh` scripts for tests that start servers of
/// their own.
public enum OpsScript {
    /// The repository's `ops` folder, found from this file's location.
    public static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("ops", isDirectory: true)

    /// The script failed; `output` is its progress, never the `export` lines.
    public struct Failed: Error, CustomStringConvertible {
        public var script: String
        public var arguments: [String]
        public var output: String
        public var description: String { "ops/\(script) \(arguments.joined(separator: " ")) failed:\n\(output)" }
    }

    /// Runs `ops/<script>` off the cooperative pool (`ChildProcess`) and returns its
    /// combined output. `environment` adds to (or
    /// overrides) this process's environment.
    public static func run(_ script: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> String {
        let result = try await ChildProcess.run(
            directory.appendingPathComponent(script), arguments, environment: environment)
        guard result.status == 0 else {
            throw Failed(script: script, arguments: arguments, output: progress(result.output))
        }
        return result.output
    }

    /// The `export NAME=value` lines of a script's output, unquoted.
    public static func exports(_ output: String) -> [String: String] {
        var exports: [String: String] = [:]
        for line in output.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            var value = String(assignment[assignment.index(after: equals)...])
            if value.hasPrefix("'"), value.hasSuffix("'"), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            } else {
                value = unescaped(value)
            }
            exports[String(assignment[..<equals])] = value
        }
        return exports
    }

    /// A word as `printf %q` writes it, without its backslash escapes (`?` comes as `\?`).
    static func unescaped(_ word: String) -> String {
        var result = ""
        var escaping = false
        for character in word {
            if !escaping, character == "\\" {
                escaping = true
                continue
            }
            escaping = false
            result.append(character)
        }
        return result
    }

    /// The output without `export` lines (which hold passwords).
    public static func progress(_ output: String) -> String {
        output.split(separator: "\n").filter { !$0.hasPrefix("export ") }.joined(separator: "\n")
    }
}
