import ArgumentParser
import FalachefeHTTP
import NIOHTTP1
import Foundation

/// `falachefe chat`: posts a well-formed uazapi webhook to a running server as if a person
/// wrote to the company, then prints the crew's reply once it is in the outbox.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Send a test WhatsApp message through the webhook and print the reply.")

    @OptionGroup var server: ServerOptions
    @Option(help: "Company slug or id.") var tenant: String
    @Option(help: "The sender's phone (register it first with 'admin users add' to reach the crew).")
    var from = "5511900000001"
    @Option(help: "The instance token given at creation (default: FALACHEFE_INSTANCE_TOKEN).") var instanceToken: String?
    @Option(help: "Seconds to wait for the reply.") var wait = 30
    @Argument(help: "The message text.") var text: String

    func run() async throws {
        let client = server.client
        guard let token = instanceToken ?? ProcessInfo.processInfo.environment["FALACHEFE_INSTANCE_TOKEN"] else {
            throw ValidationError("give the instance token with --instance-token or FALACHEFE_INSTANCE_TOKEN")
        }
        let tenantPath = "/admin/tenants/\(tenant.pathSegment)"
        let snapshot = try await client.expect(.GET, tenantPath) as? [String: Any] ?? [:]
        guard let owner = snapshot["owner"] as? String else { throw AdminClient.Failure(description: "tenant has no instance") }
        let before = try await conversation(client, tenantPath).count
        let event = UAZWebhookPayload.text(owner: owner, token: token, from: from, text: text, senderName: "falachefe chat")
        let (status, answer) = try await client.call(.POST, "/webhooks/uaz/\(tenant.pathSegment)", body: event)
        let word = (answer as? [String: Any])?["status"] as? String ?? (answer as? [String: Any])?["error"] as? String ?? "?"
        print("webhook: HTTP \(status) \(word)")
        guard status == 200, word == "accepted" || word == "queued" else { return }
        let deadline = Date().addingTimeInterval(TimeInterval(wait))
        while Date() < deadline {
            let replies = try await conversation(client, tenantPath).dropFirst(before).filter { $0["direction"] as? String == "out" }
            if !replies.isEmpty {
                for reply in replies {
                    print("[\(reply["agent"] ?? "-") · \(reply["status"] ?? "-")] \(reply["text"] ?? "")")
                }
                return
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        print(word == "queued" ? "the company is paused: the message is queued until resume" : "no reply within \(wait) s")
    }

    private func conversation(_ client: AdminClient, _ tenantPath: String) async throws -> [[String: Any]] {
        let answer = try await client.expect(.GET, "\(tenantPath)/conversations/\(from.pathSegment)")
        return (answer as? [String: Any])?["messages"] as? [[String: Any]] ?? []
    }
}
