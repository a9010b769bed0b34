import Foundation
import Logging

/// Texts the runtime itself sends (not the crew).
enum RuntimeReplies {
    static let mediaNotSupported =
        "Recebi sua mensagem, mas por enquanto só consigo entender textos. Pode me escrever o que precisa? 🙂"
    static let processingFailed =
        "Desculpe, não consegui processar sua mensagem agora. Tente novamente em alguns minutos."

    static func onboarding(company: String) -> String {
        "Olá! Aqui é o assistente da \(company). Seu número ainda não está cadastrado. "
            + "Peça ao responsável da empresa para cadastrar você e depois é só me mandar uma mensagem."
    }
}

extension TenantActor {
    /// Retries of one message against a store that answers pings but fails the call.
    static var maxStoreDeferrals: Int { 3 }

    /// Processes one inbox row: decides the reply, commits outcome and replies atomically,
    /// then releases the conversation and wakes the outbox.
    func process(_ record: InboxRecord) async {
        await awaitPredecessor()
        let started = ContinuousClock.now
        let message = record.message
        var logger = self.logger
        logger[metadataKey: "message.id"] = .string(message.messageID)
        logger[metadataKey: "conversation.id"] = .string(PhoneNumber.mask(message.senderPhone))

        var committedReplies = false
        if let decision = await respond(to: message, logger: logger) {
            if !storeDeferrals.isEmpty { storeDeferrals[message.messageID] = nil }
            committedReplies = await commit(record, decision, started: started, logger: logger)
        } else {
            leavePendingForReplay()
        }
        inFlight -= 1
        queue.finish(record)
        lastActivity = services.clock.now()
        schedule()
        // Even while another flush runs (`flushOutbox` then makes it read once more), and
        // whatever `nextOutboxAttempt` says now: a flush whose last read started before this
        // commit may have cleared it during the awaits above.
        if committedReplies || nextOutboxAttempt != nil {
            await flushOutbox()
        }
        resumeDrainWaitersIfQuiet()
    }

    /// Commits the outcome of a message with its replies; true when replies were committed
    /// that may be sent now. A failed commit leaves the message pending for replay.
    private func commit(
        _ record: InboxRecord, _ decision: Decision, started: ContinuousClock.Instant, logger: Logger
    ) async -> Bool {
        let (replies, status, crew) = (decision.replies, decision.status, decision.crew)
        let message = record.message
        let agent = replies.first?.agent ?? "orchestrator"
        let parts = replies.flatMap { reply in
            ReplyFormatter.parts(reply.text).map { Reply(text: $0, agent: reply.agent) }
        }
        let outcome = ProcessingOutcome(
            tenantID: tenantID, sequence: record.sequence, messageID: message.messageID, status: status,
            replyTo: message.senderPhone, replies: parts, error: decision.failure, at: services.clock.now(),
            crew: crew?.effects ?? CrewEffects(), claimedBy: sharedWork == nil ? nil : services.configuration.nodeID,
            onboardingWindow: decision.onboardingWindow)
        var committedReplies = false
        do {
            let result = try await services.store.complete(outcome)
            if result.closed {
                let queued = result.repliesQueued ? parts : []
                if decision.onboardingWindow != nil, result.repliesQueued {
                    onboardedAt.set(outcome.at, for: PhoneNumber.canonical(message.senderPhone))
                }
                noteAnswered(record)
                rememberTurns(message, replies: result.repliesQueued ? replies : [], at: outcome.at)
                if let crew { await applyCommitted(crew.effects, profileChanged: crew.profileChanged) }
                outboxPending += queued.count
                if !queued.isEmpty {
                    if canSend {
                        nextOutboxAttempt = services.clock.now()
                        committedReplies = true
                    } else {
                        logger.info("no UAZ base URL configured; reply kept in the outbox", metadata: ["parts": "\(queued.count)"])
                    }
                }
                let elapsed = ContinuousClock.now - started
                services.metrics.messageProcessed(
                    tenant: tenant.slug, agent: agent, status: status == .processed ? "success" : "error")
                services.metrics.messageProcessingTime(agent: agent, elapsed)
            } else {
                logger.info("outcome not committed: the message was closed or taken over by another node")
            }
            backlog = max(backlog - 1, 0)
        } catch {
            leavePendingForReplay()
            logger.error("could not commit processing outcome; will replay", metadata: ["error": "\(error)"])
        }
        return committedReplies
    }

    /// What processing decided for a message, before it is committed.
    struct Decision {
        var replies: [Reply]
        var status: InboxStatus
        var failure: String?
        var crew: CrewOutcome?
        /// Set for an onboarding reply: queued only if none went out within it (see
        /// `ProcessingOutcome.onboardingWindow`).
        var onboardingWindow: TimeInterval?
    }

    /// What to commit for a message; nil when the store failed it in a way that is retried
    /// (`deferForStore`).
    private func respond(to message: InboundMessage, logger: Logger) async -> Decision? {
        if case .media = message.kind {
            return Decision(replies: [Reply(text: RuntimeReplies.mediaNotSupported, agent: "support")], status: .processed)
        }
        do {
            guard let user = try await registeredUser(phone: message.senderPhone) else {
                return onboarding(phone: message.senderPhone)
            }
            let outcome = try await runCrew(message: message, user: user)
            return Decision(replies: [outcome.reply], status: .processed, crew: outcome)
        } catch {
            if await deferForStore(error, messageID: message.messageID, logger: logger) { return nil }
            let description = String(describing: error)
            logger.error("message processing failed", metadata: ["error": .string(description)])
            services.metrics.tenantFailure(tenant: tenant.slug)
            await supervisor(tenantID, description)
            let failed = await failedTask(message: message, error: description)
            return Decision(
                replies: [Reply(text: RuntimeReplies.processingFailed, agent: "orchestrator")], status: .failed,
                failure: description, crew: failed)
        }
    }

    /// Leaves the message just tried in the inbox, pending, and drops the messages waiting
    /// behind it: the replay (next tick) queues them all again in arrival order, so no
    /// later message of its conversation overtakes it.
    private func leavePendingForReplay() {
        needsReplay = true
        queue.dropWaiting()
    }

    /// Whether processing that threw `error` should be left pending and replayed rather
    /// than failed. A database outage is not the message's fault: answering "sorry" and
    /// closing the row would lose what the user asked (a booking, say). So a
    /// `StoreError.unavailable` is retried while the store does not answer a ping, and a few
    /// times (`maxStoreDeferrals`) when it does — right after a restart a pooled connection
    /// may still fail once. A store that keeps failing one message while answering pings
    /// (bad data) ends in the usual failure, counted by the supervisor.
    private func deferForStore(_ error: any Error, messageID: String, logger: Logger) async -> Bool {
        guard case StoreError.unavailable = error else { return false }
        let reachable = (try? await services.store.ping()) != nil
        if reachable {
            let deferrals = storeDeferrals[messageID, default: 0]
            guard deferrals < Self.maxStoreDeferrals else {
                storeDeferrals[messageID] = nil
                return false
            }
            storeDeferrals[messageID] = deferrals + 1
        }
        services.metrics.storeDeferral(tenant: tenant.slug)
        logger.warning(
            "store failed while processing; the message stays pending and is replayed",
            metadata: ["error": "\(error)", "store.reachable": "\(reachable)"])
        return true
    }

    /// A `failed` crew task for a message whose processing threw, committed with its fallback reply.
    private func failedTask(message: InboundMessage, error: String) async -> CrewOutcome? {
        let phone = PhoneNumber.canonical(message.senderPhone)
        guard let state = conversations.peek(phone) else { return nil }
        let task = CrewTaskRecord(
            tenantID: tenantID, conversationID: state.id, messageID: message.messageID,
            agent: state.currentAgent ?? .orchestrator, description: "process_message", status: .failed, engine: .builtin,
            errorMessage: String(error.prefix(500)), executionTimeMs: 0, createdAt: services.clock.now())
        return CrewOutcome(
            reply: Reply(text: RuntimeReplies.processingFailed, agent: "orchestrator"),
            effects: CrewEffects(conversation: state, tasks: [task]), engine: .builtin)
    }

    /// An unknown sender gets the onboarding reply at most once per window: none when this
    /// actor sent one within it, else one that the completion queues only if no other
    /// (of another node, or before a restart) went out within it.
    private func onboarding(phone: String) -> Decision {
        let window = services.configuration.onboardingWindow
        if let last = onboardedAt.value(for: PhoneNumber.canonical(phone)),
           services.clock.now().timeIntervalSince(last) < window {
            return Decision(replies: [], status: .processed)
        }
        return Decision(
            replies: [Reply(text: RuntimeReplies.onboarding(company: tenant.name), agent: "orchestrator")],
            status: .processed, onboardingWindow: window)
    }

    /// The registered user behind `phone`, through the user directory. Refuses to link
    /// when two users would match (ambiguous numbers are never guessed).
    func registeredUser(phone: String) async throws -> CompanyUser? {
        let matches = try await userDirectory()[PhoneNumber.canonical(phone)] ?? []
        if matches.count > 1 {
            logger.warning("sender matches several users; not linking", metadata: ["conversation.id": .string(PhoneNumber.mask(phone))])
        }
        return matches.count == 1 ? matches[0] : nil
    }

    /// The company's users by canonical phone (see `userDirectory`). Messages that start
    /// together while it is not cached share one read.
    private func userDirectory() async throws -> [String: [CompanyUser]] {
        if let userDirectory { return userDirectory }
        if userDirectoryWaiters != nil {
            return try await withCheckedThrowingContinuation { userDirectoryWaiters?.append($0) }
        }
        userDirectoryWaiters = []
        let generation = userDirectoryGeneration
        let result: Result<[String: [CompanyUser]], any Error>
        do {
            result = .success(Dictionary(grouping: try await services.store.users(tenantID: tenantID)) {
                PhoneNumber.canonical($0.phone)
            })
        } catch {
            result = .failure(error)
        }
        if case .success(let directory) = result, generation == userDirectoryGeneration { userDirectory = directory }
        for waiter in userDirectoryWaiters ?? [] { waiter.resume(with: result) }
        userDirectoryWaiters = nil
        return try result.get()
    }
}
