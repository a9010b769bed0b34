import FalachefeCore
import Foundation

/// Encoding of the JSON columns written from Swift values. Dates inside JSON are epoch
/// milliseconds, like every timestamp column, so SQL can compare them with columns; keys
/// are sorted so that equal values are equal text.
enum SQLiteJSON {
    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Decodes `text` read from `column`; malformed JSON means the schema and the code
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
