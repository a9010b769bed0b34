import Foundation

/// Human-readable renderings of tenant snapshots for the CLI.
enum TenantTable {
    static let columns = ["slug", "status", "backlog", "inFlight", "outboxPending", "restarts", "name"]

    static func render(_ tenants: [[String: Any]]) -> String {
        let rows = tenants.map { tenant in columns.map { text(tenant[$0]) } }
        let widths = columns.indices.map { index in
            ([columns[index]] + rows.map { $0[index] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ")
        }
        return ([line(columns.map { $0.uppercased() })] + rows.map(line)).joined(separator: "\n")
    }

    static func detail(_ tenant: [String: Any]) -> String {
        let breakers = tenant["breakers"] as? [String: Any] ?? [:]
        var lines = [
            "\(text(tenant["name"])) (\(text(tenant["slug"])))",
            "  id:        \(text(tenant["id"]))",
            "  status:    \(text(tenant["status"]))\(tenant["pausedReason"].map { " — \($0)" } ?? "")",
            "  backlog:   \(text(tenant["backlog"]))  in flight: \(text(tenant["inFlight"]))  outbox: \(text(tenant["outboxPending"]))",
            "  breakers:  llm \(text(breakers["llm"])), uaz \(text(breakers["uaz"]))",
            "  restarts:  \(text(tenant["restarts"]))",
        ]
        if let failure = tenant["lastFailure"] { lines.append("  last failure: \(failure)") }
        return lines.joined(separator: "\n")
    }

    static func text(_ value: Any?) -> String {
        guard let value else { return "-" }
        return "\(value)"
    }
}
