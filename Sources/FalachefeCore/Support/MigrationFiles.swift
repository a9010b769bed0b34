import Foundation

/// One schema migration: the file `NNNN_name.sql` of a store's migrations directory.
public struct MigrationFile: Sendable, Hashable {
    public var version: Int
    public var name: String
    public var fileName: String
    public var sql: String

    public init(version: Int, name: String, fileName: String, sql: String) {
        self.version = version
        self.name = name
        self.fileName = fileName
        self.sql = sql
    }
}

/// Finding and reading a store's migration files, the same for every store adapter.
public enum MigrationFiles {
    /// The migrations directory: `explicit`, else `$variable`, else `./relative` when it
    /// exists, else `repositoryRoot/relative` (the source tree a test or `swift run` runs from).
    public static func resolve(
        _ explicit: URL?, variable: String, relative: String, repositoryRoot: URL, environment: [String: String],
        directoryExists: (String) -> Bool
    ) -> URL {
        if let explicit { return explicit }
        if let fromEnvironment = environment[variable]?.trimmingCharacters(in: .whitespaces), !fromEnvironment.isEmpty {
            return URL(fileURLWithPath: fromEnvironment, isDirectory: true)
        }
        if directoryExists(relative) {
            return URL(fileURLWithPath: relative, isDirectory: true).standardizedFileURL
        }
        return repositoryRoot.appendingPathComponent(relative, isDirectory: true)
    }

    /// Whether `path` is a directory. Blocking file I/O: call off the cooperative pool.
    public static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// Reads the `.sql` files of `directory` in version order. Blocking file I/O: call off
    /// the cooperative pool. A misnamed or out-of-order file is a `StoreError.migration`.
    public static func load(from directory: URL) throws -> [MigrationFile] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw StoreError.migration("cannot read migrations directory \(directory.path): \(error)")
        }
        var migrations: [MigrationFile] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw StoreError.migration("migration file \(fileName) is not named NNNN_name.sql")
            }
            if let previous = migrations.last, previous.version >= version {
                throw StoreError.migration("migration \(fileName) does not follow version \(previous.version)")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8)
            migrations.append(MigrationFile(
                version: version, name: String(stem[stem.index(after: underscore)...]), fileName: fileName, sql: sql))
        }
        return migrations
    }
}
