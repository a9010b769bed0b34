import FalachefeCore
import Foundation
import NIOCore
import PostgresNIO

/// A `timestamptz` bound and read with exactly millisecond precision, the precision every
/// adapter keeps (SQLite stores epoch milliseconds). postgres-nio's own `Date` coding
/// truncates a `Double` to microseconds, which can move a whole-millisecond instant by 1 µs.
struct Timestamp: PostgresNonThrowingEncodable, PostgresDecodable, Sendable, Hashable {
    /// Milliseconds from 1970-01-01 to 2000-01-01, PostgreSQL's epoch.
    private static let postgresEpochMilliseconds: Int64 = 946_684_800_000

    var milliseconds: Int64

    init(_ date: Date) {
        milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    var date: Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    static var psqlType: PostgresDataType { .timestamptz }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger((milliseconds - Self.postgresEpochMilliseconds) * 1000)
    }

    init<JSONDecoder: PostgresJSONDecoder>(
        from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
        context: PostgresDecodingContext<JSONDecoder>
    ) throws {
        guard format == .binary, type == .timestamptz || type == .timestamp,
            let microseconds = buffer.readInteger(as: Int64.self)
        else {
            throw PostgresDecodingError.Code.typeMismatch
        }
        // Columns are timestamptz(3), so the division is exact; rounding guards other columns.
        let rounded = (microseconds + (microseconds >= 0 ? 500 : -500)) / 1000
        milliseconds = rounded + Self.postgresEpochMilliseconds
    }
}

/// A JSON document bound as `jsonb`, encoded the way every JSON column is written: keys
/// sorted (equal values are equal text) and dates as epoch milliseconds, like SQLite's.
struct JSONB: PostgresNonThrowingEncodable, Sendable, Hashable {
    var text: String

    init(encoding value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            text = String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw StoreError.unavailable("cannot encode JSON: \(error)")
        }
    }

    static var psqlType: PostgresDataType { .jsonb }
    static var psqlFormat: PostgresFormat { .binary }

    func encode<JSONEncoder: PostgresJSONEncoder>(
        into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>
    ) {
        byteBuffer.writeInteger(UInt8(1))  // jsonb binary format version
        byteBuffer.writeString(text)
    }

    /// Decodes JSON read from `column`; malformed JSON means the schema and the code
    /// disagree, reported like any unexpected column value.
    static func decode<Value: Decodable>(_ type: Value.Type, from text: String, column: String) throws -> Value {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw StoreError.unavailable("unexpected JSON in column \(column): \(error)")
        }
    }
}

extension Optional where Wrapped == Date {
    /// The optional date as a bindable timestamp (NULL when nil).
    var timestamp: Timestamp? { map(Timestamp.init) }
}

extension Date {
    /// This date as a bindable millisecond timestamp.
    var timestamp: Timestamp { Timestamp(self) }
}
