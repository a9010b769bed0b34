import CSQLiteTuning
import NIOCore
import SQLiteNIO
import VaporCSQLite

/// A SQLite connection called synchronously, with its prepared statements kept for reuse.
///
/// The writer's connection (`SQLiteWriter`): a whole transaction runs in one go on the
/// writer's own thread, where sqlite-nio's connection makes every statement a round trip
/// to a thread pool and back and parses its SQL again. It calls the same SQLite library
/// sqlite-nio bundles (`VaporCSQLite`), so both share one copy of SQLite's file locks.
///
/// Not `Sendable`: the writer actor owns it and calls it only from its own thread.
final class SQLiteHandle {
    private var raw: OpaquePointer?
    /// Prepared statements by SQL text; every statement the store writes with is a constant.
    private var statements: [String: OpaquePointer] = [:]

    /// Opens (creating if needed) the database file at `path` for reading and writing.
    init(path: String) throws(SQLiteFailure) {
        sqlite_nio_sqlite3_initialize()
        var handle: OpaquePointer?
        let flags = SQLITE_OPEN_CREATE | SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let status = sqlite_nio_sqlite3_open_v2(path, &handle, flags, nil)
        guard status == SQLITE_OK, let handle else {
            let failure = SQLiteFailure(code: status, message: "cannot open the database at \(path)")
            sqlite_nio_sqlite3_close(handle)
            throw failure
        }
        // A statement keeps its plan whatever is bound: otherwise SQLite parses and plans
        // it again whenever a parameter it planned with (a LIMIT, say) gets a new value,
        // which took 5% of the server's CPU in the crew benchmark.
        let stable = falachefe_sqlite_enable_qpsg(UnsafeMutableRawPointer(handle))
        guard stable == SQLITE_OK else {
            sqlite_nio_sqlite3_close(handle)
            throw SQLiteFailure(code: stable, message: "cannot fix query plans of \(path)")
        }
        raw = handle
    }

    deinit {
        close()
    }

    /// Finalizes every statement and closes the connection; later calls fail.
    func close() {
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
        if let raw { sqlite_nio_sqlite3_close_v2(raw) }
        raw = nil
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ sql: String, _ binds: [SQLiteData] = []) throws(SQLiteFailure) -> [SQLiteValues] {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        try bind(binds, to: statement)
        var names: [String]?
        var rows: [SQLiteValues] = []
        while true {
            let status = sqlite_nio_sqlite3_step(statement)
            if status == SQLITE_DONE { return rows }
            guard status == SQLITE_ROW else { throw failure(status) }
            let columns = names ?? Self.columnNames(statement)
            names = columns
            rows.append(SQLiteValues(names: columns, values: try (0..<Int32(columns.count)).map { offset throws(SQLiteFailure) in
                try Self.value(statement, offset)
            }))
        }
    }

    /// Runs one statement whose rows, if any, are not needed.
    func execute(_ sql: String, _ binds: [SQLiteData] = []) throws(SQLiteFailure) {
        try query(sql, binds)
    }

    /// Runs one INSERT, UPDATE or DELETE and returns how many rows it changed: how a write
    /// here tells whether it took effect (a conflict its `ON CONFLICT DO NOTHING` let pass,
    /// an upsert's `WHERE`, a row no longer in the state an `UPDATE` expects).
    ///
    /// Why not `RETURNING`: SQLite runs it as a trigger, which makes the statement a
    /// multi-write one that keeps a statement journal of every page it touches, and buffers
    /// the returned rows in an ephemeral table. On the inbox's group commit that was about a
    /// tenth of the writer's time.
    @discardableResult
    func run(_ sql: String, _ binds: [SQLiteData] = []) throws(SQLiteFailure) -> Int {
        let statement = try prepared(sql)
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        try bind(binds, to: statement)
        let status = sqlite_nio_sqlite3_step(statement)
        guard status == SQLITE_DONE else { throw failure(status) }
        return changes()
    }

    /// Runs one single-row INSERT (see `run`) and returns the new row's rowid, or nil when it
    /// inserted nothing.
    func insertRow(_ sql: String, _ binds: [SQLiteData]) throws(SQLiteFailure) -> Int64? {
        guard try run(sql, binds) > 0 else { return nil }
        return sqlite_nio_sqlite3_last_insert_rowid(raw)
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE of this connection.
    func changes() -> Int {
        Int(sqlite_nio_sqlite3_changes64(raw))
    }

    /// How many times SQLite had to prepare a kept statement again (observability, tests).
    var reprepares: Int {
        statements.values.reduce(0) { $0 + Int(sqlite_nio_sqlite3_stmt_status($1, SQLITE_STMTSTATUS_REPREPARE, 0)) }
    }

    private func prepared(_ sql: String) throws(SQLiteFailure) -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        guard let raw else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "the connection is closed") }
        var statement: OpaquePointer?
        let status = sqlite_nio_sqlite3_prepare_v3(raw, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard status == SQLITE_OK, let statement else { throw failure(status) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ binds: [SQLiteData], to statement: OpaquePointer) throws(SQLiteFailure) {
        for (index, value) in binds.enumerated() {
            let position = Int32(index + 1)
            let status: Int32 =
                switch value {
                case .integer(let number): sqlite_nio_sqlite3_bind_int64(statement, position, Int64(number))
                case .float(let number): sqlite_nio_sqlite3_bind_double(statement, position, number)
                case .null: sqlite_nio_sqlite3_bind_null(statement, position)
                case .text(let text):
                    sqlite_nio_sqlite3_bind_text64(
                        statement, position, text, UInt64(text.utf8.count), Self.transient, UInt8(SQLITE_UTF8))
                case .blob(let bytes):
                    bytes.withUnsafeReadableBytes {
                        sqlite_nio_sqlite3_bind_blob64(statement, position, $0.baseAddress, UInt64($0.count), Self.transient)
                    }
                }
            guard status == SQLITE_OK else { throw failure(status) }
        }
    }

    private static func columnNames(_ statement: OpaquePointer) -> [String] {
        (0..<sqlite_nio_sqlite3_column_count(statement)).map { offset in
            sqlite_nio_sqlite3_column_name(statement, offset).map { String(cString: $0) } ?? ""
        }
    }

    private static func value(_ statement: OpaquePointer, _ offset: Int32) throws(SQLiteFailure) -> SQLiteData {
        switch sqlite_nio_sqlite3_column_type(statement, offset) {
        case SQLITE_INTEGER:
            return .integer(Int(sqlite_nio_sqlite3_column_int64(statement, offset)))
        case SQLITE_FLOAT:
            return .float(sqlite_nio_sqlite3_column_double(statement, offset))
        case SQLITE_TEXT:
            // Text first, then its length: the length is that of the text as converted.
            guard let text = sqlite_nio_sqlite3_column_text(statement, offset) else { return .text("") }
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, offset))
            return .text(String(decoding: UnsafeRawBufferPointer(start: text, count: length), as: UTF8.self))
        case SQLITE_BLOB:
            let length = Int(sqlite_nio_sqlite3_column_bytes(statement, offset))
            var buffer = ByteBufferAllocator().buffer(capacity: length)
            if let bytes = sqlite_nio_sqlite3_column_blob(statement, offset) {
                buffer.writeBytes(UnsafeRawBufferPointer(start: bytes, count: length))
            }
            return .blob(buffer)
        default:
            return .null
        }
    }

    private func failure(_ status: Int32) -> SQLiteFailure {
        let extended = raw.map { sqlite_nio_sqlite3_extended_errcode($0) } ?? status
        let message = raw.flatMap { sqlite_nio_sqlite3_errmsg($0) }.map { String(cString: $0) } ?? "SQLite error \(status)"
        return SQLiteFailure(code: extended, message: message)
    }

    /// SQLite copies bound text and blobs before the call returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
