import FalachefeCore
import Foundation
import SQLiteNIO

/// A result row whose columns are read by name: sqlite-nio's rows (reads) and the writer's
/// (`SQLiteValues`).
protocol SQLiteColumns {
    func column(_ name: String) -> SQLiteData?
}

extension SQLiteRow: SQLiteColumns {}

/// A row of the writer's connection (`SQLiteHandle`).
struct SQLiteValues: SQLiteColumns, Sendable {
    /// The statement's column names, shared by all its rows.
    var names: [String]
    var values: [SQLiteData]

    func column(_ name: String) -> SQLiteData? {
        names.firstIndex(of: name).map { values[$0] }
    }
}

/// Typed column access for result rows. A missing or mistyped column means the schema and
/// the code disagree, reported as `StoreError.unavailable` naming the column.
extension SQLiteColumns {
    func text(_ column: String) throws -> String {
        guard case .text(let value)? = self.column(column) else { throw Self.mismatch(column) }
        return value
    }

    func optionalText(_ column: String) -> String? {
        if case .text(let value)? = self.column(column) { return value }
        return nil
    }

    func int64(_ column: String) throws -> Int64 {
        guard case .integer(let value)? = self.column(column) else { throw Self.mismatch(column) }
        return Int64(value)
    }

    func int(_ column: String) throws -> Int {
        Int(try int64(column))
    }

    /// A REAL column (an INTEGER value is widened, as SQLite's `total()` may return either).
    func double(_ column: String) throws -> Double {
        switch self.column(column) {
        case .float(let value)?: value
        case .integer(let value)?: Double(value)
        default: throw Self.mismatch(column)
        }
    }

    func date(_ column: String) throws -> Date {
        Date(unixMilliseconds: try int64(column))
    }

    func optionalDate(_ column: String) -> Date? {
        if case .integer(let value)? = self.column(column) { return Date(unixMilliseconds: Int64(value)) }
        return nil
    }

    func decode<Value: RawRepresentable>(_ type: Value.Type, _ column: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try text(column)) else { throw Self.mismatch(column) }
        return value
    }

    private static func mismatch(_ column: String) -> StoreError {
        .unavailable("unexpected value in column \(column)")
    }
}

/// Timestamps are stored as unix epoch milliseconds (INTEGER) in every table.
extension Date {
    init(unixMilliseconds: Int64) {
        self.init(timeIntervalSince1970: Double(unixMilliseconds) / 1000)
    }

    var unixMilliseconds: Int64 {
        Int64((timeIntervalSince1970 * 1000).rounded())
    }

    /// This date as it reads back from the store (millisecond precision).
    var storedPrecision: Date {
        Date(unixMilliseconds: unixMilliseconds)
    }
}

/// Shorthands for bound parameters.
extension SQLiteData {
    static func date(_ date: Date) -> SQLiteData {
        .integer(SQLiteInt64(date.unixMilliseconds))
    }

    static func optionalDate(_ date: Date?) -> SQLiteData {
        date.map(SQLiteData.date) ?? .null
    }

    static func optionalText(_ text: String?) -> SQLiteData {
        text.map(SQLiteData.text) ?? .null
    }

    static func int(_ value: Int) -> SQLiteData {
        .integer(SQLiteInt64(value))
    }

    static func int64(_ value: Int64) -> SQLiteData {
        .integer(SQLiteInt64(value))
    }

    static func bool(_ value: Bool) -> SQLiteData {
        .integer(value ? 1 : 0)
    }
}
