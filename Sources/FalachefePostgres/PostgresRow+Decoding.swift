import FalachefeCore
import Foundation
import PostgresNIO

/// A result row read by column name. A missing or mistyped column means the schema and
/// the code disagree, reported as `StoreError.unavailable` naming the column (never a crash).
struct Row {
    private let row: PostgresRandomAccessRow

    init(_ row: PostgresRow) {
        self.row = PostgresRandomAccessRow(row)
    }

    private func cell(_ column: String) throws -> PostgresCell {
        guard row.contains(column) else { throw Self.mismatch(column) }
        return row[column]
    }

    /// Decodes a non-null value.
    func value<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T {
        do {
            return try cell(column).decode(T.self)
        } catch {
            throw Self.mismatch(column)
        }
    }

    /// Decodes a value, nil when it is NULL.
    func optional<T: PostgresDecodable>(_ type: T.Type, _ column: String) throws -> T? {
        let cell = try cell(column)
        guard cell.bytes != nil else { return nil }
        do {
            return try cell.decode(T.self)
        } catch {
            throw Self.mismatch(column)
        }
    }

    func text(_ column: String) throws -> String { try value(String.self, column) }
    func optionalText(_ column: String) throws -> String? { try optional(String.self, column) }
    func int64(_ column: String) throws -> Int64 { try value(Int64.self, column) }
    func int(_ column: String) throws -> Int { try value(Int.self, column) }
    func bool(_ column: String) throws -> Bool { try value(Bool.self, column) }
    func double(_ column: String) throws -> Double { try value(Double.self, column) }
    func date(_ column: String) throws -> Date { try value(Timestamp.self, column).date }
    func optionalDate(_ column: String) throws -> Date? { try optional(Timestamp.self, column)?.date }

    /// A text column holding one of `Value`'s raw values.
    func decode<Value: RawRepresentable>(_ type: Value.Type, _ column: String) throws -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: try text(column)) else { throw Self.mismatch(column) }
        return value
    }

    /// A `jsonb` (or JSON text) column decoded with the JSON conventions of `JSONB`.
    func json<Value: Decodable>(_ type: Value.Type, _ column: String) throws -> Value {
        try JSONB.decode(type, from: try text(column), column: column)
    }

    /// A nullable `jsonb` column.
    func optionalJSON<Value: Decodable>(_ type: Value.Type, _ column: String) throws -> Value? {
        try optionalText(column).map { try JSONB.decode(type, from: $0, column: column) }
    }

    private static func mismatch(_ column: String) -> StoreError {
        .unavailable("unexpected value in column \(column)")
    }
}
