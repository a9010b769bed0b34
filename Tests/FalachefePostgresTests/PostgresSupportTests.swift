import FalachefeCore
import Foundation
import Testing

@testable import FalachefePostgres

/// The pieces that need no server: URL parsing and statement splitting.
@Suite("Postgres support")
struct PostgresSupportTests {
    @Test func parsesDatabaseURLs() throws {
        let url = try PostgresURL("postgres://app:s%40cret@db.internal:6543/falachefe?sslmode=require")
        #expect(url == PostgresURL(host: "db.internal", port: 6543, username: "app", password: "s@cret",
                                   database: "falachefe", tls: .require))
        #expect("\(url)" == "postgres://app:***@db.internal:6543/falachefe?sslmode=require")
        let defaults = try PostgresURL(" postgresql://app@localhost ")
        #expect(defaults == PostgresURL(host: "localhost", port: 5432, username: "app", password: nil,
                                        database: "app", tls: .prefer))
        #expect(try PostgresURL("postgres://a:b@h/d?sslmode=disable").tls == .disable)
        for bad in ["mysql://a@h/d", "postgres:///d", "postgres://h/d", "postgres://a@h/d?sslmode=maybe", ""] {
            #expect(throws: StoreError.self, "\(bad)") { try PostgresURL(bad) }
        }
    }

    @Test func splitsStatementsOutsideQuotesCommentsAndDollarBodies() {
        let sql = """
            -- a comment; with a semicolon
            CREATE TABLE t (x text DEFAULT 'a;b', "we;ird" int); /* block; /* nested; */ comment */
            INSERT INTO t VALUES ('it''s; fine');
            CREATE FUNCTION f() RETURNS void AS $body$ BEGIN PERFORM 1; END; $body$ LANGUAGE plpgsql;
            SELECT $$;$$, $1;
            ;
            """
        #expect(PostgresStatementSplitter.split(sql) == [
            #"CREATE TABLE t (x text DEFAULT 'a;b', "we;ird" int)"#,
            "INSERT INTO t VALUES ('it''s; fine')",
            "CREATE FUNCTION f() RETURNS void AS $body$ BEGIN PERFORM 1; END; $body$ LANGUAGE plpgsql",
            "SELECT $$;$$, $1",
        ])
    }

    @Test func timestampsRoundTripWholeMilliseconds() {
        let date = Date(timeIntervalSince1970: 1_760_000_000.123)
        #expect(Timestamp(date).date == date)
        #expect(Timestamp(Date(timeIntervalSince1970: 1_760_000_000.1236)).milliseconds == 1_760_000_000_124)
    }
}
