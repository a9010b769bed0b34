import FalachefeCore
import FalachefeTestSupport
import Foundation
import Logging
import PostgresNIO

@testable import FalachefePostgres

/// What the nodes of a cluster test left in the shared database, read across companies.
struct ClusterLedger {
    /// One inbox row: who processed it, in which order, and its first reply's outbox id.
    struct Message: Hashable {
        var tenantID: String
        var messageID: String
        var phone: String
        var sequence: Int64
        var status: String
        var claimedBy: String?
        var replyIDs: [Int64]
    }

    let store: PostgresStore

    static func open(_ url: PostgresURL) async throws -> ClusterLedger {
        ClusterLedger(store: try await PostgresStore.connect(url: url, maximumConnections: 2, logger: Logger(label: "cluster-test")))
    }

    func close() async { await store.close() }

    /// Every inbox row with the ids of its replies' first parts (normally one).
    func messages() async throws -> [Message] {
        try await store.rows(
            in: .allTenants,
            """
            SELECT i.company_id, i.message_id, i.phone_canonical, i.sequence, i.status, i.claimed_by,
                   coalesce((SELECT array_agg(o.id ORDER BY o.id) FROM outbox o
                             WHERE o.company_id = i.company_id AND o.in_reply_to = i.message_id AND o.part = 0),
                            '{}') AS replies
            FROM inbox i ORDER BY i.sequence
            """
        ) { row in
            Message(
                tenantID: try row.text("company_id"), messageID: try row.text("message_id"),
                phone: try row.text("phone_canonical"), sequence: try row.int64("sequence"), status: try row.text("status"),
                claimedBy: try row.optionalText("claimed_by"), replyIDs: try row.value([Int64].self, "replies"))
        }
    }

    /// Unfinished work: pending inbox rows and pending outbox rows.
    func unfinished() async throws -> Int {
        try await store.rows(
            in: .allTenants,
            """
            SELECT (SELECT count(*) FROM inbox WHERE status = 'pending')
                 + (SELECT count(*) FROM outbox WHERE status = 'pending') AS n
            """
        ) { try $0.int("n") }.first ?? -1
    }

    /// Connections the server of `node` has open (its pools name them `falachefe <node>`).
    func connections(of node: String) async throws -> Int {
        try await store.rows(
            in: .allTenants,
            "SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = \("falachefe " + node)"
        ) { try $0.int("n") }.first ?? -1
    }

    /// Message ids of pending inbox rows `node` holds a claim on.
    func claimed(by node: String) async throws -> [String] {
        try await store.rows(
            in: .allTenants, "SELECT message_id FROM inbox WHERE status = 'pending' AND claimed_by = \(node)"
        ) { try $0.text("message_id") }
    }

    /// Ledger entries per source message id.
    func bookings() async throws -> [String: Int] {
        let rows = try await store.rows(
            in: .allTenants, "SELECT source_message_id, count(*) AS n FROM ledger_entries GROUP BY source_message_id"
        ) { (try $0.text("source_message_id"), try $0.int("n")) }
        return Dictionary(rows, uniquingKeysWith: +)
    }
}
