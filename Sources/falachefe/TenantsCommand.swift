import ArgumentParser
import NIOHTTP1
import Foundation

/// `falachefe admin tenants list|show|create|pause|resume`.
struct TenantsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tenants", abstract: "Companies (tenants).",
        subcommands: [List.self, Show.self, Create.self, Pause.self, Resume.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List companies with their runtime state.")
        @OptionGroup var server: ServerOptions

        func run() async throws {
            let answer = try await server.client.expect(.GET, "/admin/tenants")
            try server.output(answer) { value in
                let tenants = (value as? [String: Any])?["tenants"] as? [[String: Any]] ?? []
                return TenantTable.render(tenants)
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one company.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "Company slug or id.") var tenant: String

        func run() async throws {
            let answer = try await server.client.expect(.GET, "/admin/tenants/\(tenant.pathSegment)")
            try server.output(answer) { TenantTable.detail($0 as? [String: Any] ?? [:]) }
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a company with its UAZ instance.")
        @OptionGroup var server: ServerOptions
        @Option(help: "Slug: lowercase letters, digits, dashes.") var slug: String
        @Option(help: "Company name.") var name: String
        @Option(help: "The instance's connected number (owner).") var owner: String
        @Option(help: "The instance token (UAZ).") var instanceToken: String
        @Option(help: "The instance's UAZ base URL (default: the server's UAZ_API_URL).") var baseURL: String?

        func run() async throws {
            var instance: [String: Any] = ["owner": owner, "token": instanceToken]
            if let baseURL { instance["baseUrl"] = baseURL }
            let answer = try await server.client.expect(
                .POST, "/admin/tenants", body: ["slug": slug, "name": name, "instance": instance])
            try server.output(answer) { TenantTable.detail($0 as? [String: Any] ?? [:]) }
        }
    }

    struct Pause: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Pause a company: messages are kept and queued.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "Company slug or id.") var tenant: String
        @Option(help: "Why (audited).") var reason: String?

        func run() async throws {
            let body: [String: Any] = reason.map { ["reason": $0] } ?? [:]
            let answer = try await server.client.expect(.POST, "/admin/tenants/\(tenant.pathSegment)/pause", body: body)
            try server.output(answer) { TenantTable.detail($0 as? [String: Any] ?? [:]) }
        }
    }

    struct Resume: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Resume a company and process its queued messages.")
        @OptionGroup var server: ServerOptions
        @Argument(help: "Company slug or id.") var tenant: String

        func run() async throws {
            let answer = try await server.client.expect(.POST, "/admin/tenants/\(tenant.pathSegment)/resume")
            try server.output(answer) { TenantTable.detail($0 as? [String: Any] ?? [:]) }
        }
    }
}
