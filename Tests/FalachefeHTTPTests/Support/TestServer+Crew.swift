import FalachefeCore
import FalachefeHTTP
import FalachefeTestSupport
import Foundation
import NIOHTTP1

extension TestServer {
    static let llmAPIKey = "sk-test-crew-0123456789"

    /// Like `runWithUAZ`, with a fake chat-completions server as the company's LLM
    /// (`AppConfiguration.llm` points at it), started before and stopped after the body.
    static func runWithLLM(
        databasePath: String = temporaryDatabase(), configure: (inout AppConfiguration) -> Void = { _ in },
        _ body: (TestServer, FakeUAZServer, FakeChatCompletionsServer) async throws -> Void
    ) async throws {
        let openAI = try await FakeChatCompletionsServer.start(apiKey: llmAPIKey)
        let baseURL = await openAI.baseURL
        do {
            try await runWithUAZ(databasePath: databasePath, configure: { configuration in
                configuration.llm = LLMConfiguration(baseURL: baseURL, apiKey: llmAPIKey)
                configure(&configuration)
            }) { server, uaz in try await body(server, uaz, openAI) }
        } catch {
            await openAI.stop()
            throw error
        }
        await openAI.stop()
    }

    /// A company `slug` whose instance sends through `uaz`, with João Silva (admin) registered.
    func chat(_ slug: String, uaz: FakeUAZServer, phone: String = "5511900000001") async throws -> CrewChat {
        let tenant = try await createTenant(slug: slug, owner: "5547\(Int.random(in: 10_000_000...99_999_999))", baseURL: await uaz.baseURL)
        try await addUser(tenant, name: "João Silva", phone: phone)
        return CrewChat(server: self, uaz: uaz, tenant: tenant, phone: phone)
    }

    /// The crew tasks of a company, newest first.
    func tasks(_ tenant: TestTenant) async throws -> [[String: Any]] {
        try await request(.GET, "/admin/tenants/\(tenant.slug)/tasks").json["tasks"] as? [[String: Any]] ?? []
    }

    /// Actions of the company's audit log, newest first.
    func auditActions(_ tenant: TestTenant) async throws -> [String] {
        let entries = try await request(.GET, "/admin/tenants/\(tenant.slug)/audit").json["entries"] as? [[String: Any]] ?? []
        return entries.compactMap { $0["action"] as? String }
    }

    /// The sum of the `/metrics` samples named `name` whose labels include `labels`; nil when none.
    func metric(_ name: String, _ labels: [String: String] = [:]) async throws -> Double? {
        let samples = try await text("/metrics").split(separator: "\n").compactMap(MetricSample.init)
        let matching = samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
        return matching.isEmpty ? nil : matching.reduce(0) { $0 + $1.value }
    }
}

/// One line of the Prometheus text format: `name{label="value",…} value`.
struct MetricSample {
    var name: String
    var labels: [String: String] = [:]
    var value: Double

    init?(_ line: Substring) {
        guard !line.hasPrefix("#"), let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...])
        else { return nil }
        let series = line[..<space]
        self.value = value
        guard let open = series.firstIndex(of: "{") else {
            name = String(series)
            return
        }
        name = String(series[..<open])
        let pairs = series[series.index(after: open)...].dropLast().split(separator: "\",")
        for pair in pairs {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            labels[String(parts[0])] = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
    }
}

/// One user's WhatsApp conversation with a company's crew, through the webhook.
struct CrewChat {
    let server: TestServer
    let uaz: FakeUAZServer
    let tenant: TestTenant
    let phone: String

    /// Posts `text` as the user and returns the reply UAZ received for it. The deadline is
    /// generous (the suite's start keeps both cores busy for a while); the reply is returned
    /// as soon as it arrives.
    func say(_ text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let before = await replies().count
        try await server.send(text, to: tenant, from: phone)
        guard try await eventually(timeout: timeout, { await replies().count > before }) else {
            throw CrewChatError.noReply(text)
        }
        return await replies()[before]
    }

    /// Texts UAZ accepted for this user of this company, oldest first.
    func replies() async -> [String] {
        await uaz.sent().filter { $0.number == phone && $0.token == tenant.token }.map(\.text)
    }

    /// The admin snapshot's `llm` object.
    func llmStatus() async throws -> [String: Any] {
        try await server.snapshot(tenant)["llm"] as? [String: Any] ?? [:]
    }
}

enum CrewChatError: Error {
    case noReply(String)
}

/// Scripted answers of the fake LLM for the router's JSON contract.
enum Routed {
    /// The router's answer: `{"intent", "action", "complexity", "entities", "requiresHumanApproval"}`.
    static func route(
        _ action: String, intent: String? = nil, amount: Double? = nil, category: String? = nil, period: String? = nil,
        approval: Bool = false, usage: TokenUsage? = nil
    ) -> FakeChatCompletionsServer.ScriptedAnswer {
        let entities: [String: Any] = [
            "amount": amount ?? NSNull(), "date": NSNull(), "category": category ?? NSNull(), "period": period ?? NSNull(),
            "people": [String](),
        ]
        var object: [String: Any] = [
            "action": action, "complexity": "simple", "entities": entities, "requiresHumanApproval": approval,
        ]
        if let intent { object["intent"] = intent }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return .json(String(decoding: data, as: UTF8.self), usage: usage)
    }
}
