import ArgumentParser
import NIOHTTP1
import Foundation

/// `falachefe admin …`: operators' commands against a running server's admin API.
struct AdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "admin", abstract: "Manage companies on a running server.",
        subcommands: [TenantsCommand.self, UsersCommand.self, TokensCommand.self])
}

/// Where the server is and who we are, shared by every admin command.
struct ServerOptions: ParsableArguments {
    @Option(help: "Server base URL.") var server = "http://127.0.0.1:8080"
    @Option(help: "Admin token (default: FALACHEFE_ADMIN_TOKEN).") var token: String?
    @Flag(help: "Print the server's JSON instead of a table.") var json = false

    var client: AdminClient {
        AdminClient(server: server, token: token ?? ProcessInfo.processInfo.environment["FALACHEFE_ADMIN_TOKEN"])
    }

    /// Prints JSON as-is (`--json`) or through `table`.
    func output(_ value: Any, table: (Any) -> String) throws {
        if json {
            let data = try JSONSerialization.data(withJSONObject: value, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print(table(value))
        }
    }
}

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Company users.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a person of a company.")
        @OptionGroup var server: ServerOptions
        @Option(help: "Company slug or id.") var tenant: String
        @Option(help: "Person's name.") var name: String
        @Option(help: "Phone number with country code, e.g. 5511900000001.") var phone: String
        @Option(help: "admin or user.") var role = "user"

        func run() async throws {
            let user = try await server.client.expect(
                .POST, "/admin/tenants/\(tenant.pathSegment)/users", body: ["name": name, "phone": phone, "role": role])
            try server.output(user) { value in
                let user = value as? [String: Any] ?? [:]
                return "added \(user["name"] ?? name) (\(user["role"] ?? role)) id \(user["id"] ?? "?")"
            }
        }
    }
}

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Company admin API tokens.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a company token (shown once).")
        @OptionGroup var server: ServerOptions
        @Option(help: "Company slug or id.") var tenant: String
        @Option(help: "Who holds it.") var name: String
        @Option(help: "admin (read and change the company) or user (read).") var role = "user"

        func run() async throws {
            let created = try await server.client.expect(
                .POST, "/admin/tenants/\(tenant.pathSegment)/tokens", body: ["name": name, "role": role])
            try server.output(created) { value in
                let token = value as? [String: Any] ?? [:]
                return "token for \(token["name"] ?? name) (\(token["role"] ?? role)) — store it now, it is not shown again:\n\(token["token"] ?? "?")"
            }
        }
    }
}
