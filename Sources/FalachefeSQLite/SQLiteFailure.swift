import VaporCSQLite

/// An error SQLite reported on the writer's connection (`SQLiteHandle`), with its extended
/// result code, so that constraint violations can be told apart.
struct SQLiteFailure: Error, CustomStringConvertible {
    /// SQLite's extended result code (`SQLITE_CONSTRAINT_UNIQUE`, …).
    var code: Int32
    var message: String

    var description: String { "SQLite error \(code): \(message)" }

    /// Whether the statement failed on a UNIQUE or PRIMARY KEY constraint.
    var isUniqueViolation: Bool { code == Self.constraint(8) || code == Self.constraint(6) }

    var isForeignKeyViolation: Bool { code == Self.constraint(3) }

    /// Whether the statement failed on a CHECK constraint (a value the schema refuses).
    var isCheckViolation: Bool { code == Self.constraint(1) }

    /// `SQLITE_CONSTRAINT_*` (sqlite3.h defines them as macros Swift does not import):
    /// CHECK 1, FOREIGNKEY 3, PRIMARYKEY 6, UNIQUE 8.
    private static func constraint(_ detail: Int32) -> Int32 {
        SQLITE_CONSTRAINT | (detail << 8)
    }
}
