import FalachefeCore
import FalachefeTestSupport
import Foundation
import SQLiteNIO
import Synchronization
import Testing

@testable import FalachefeSQLite

/// The WAL is checkpointed by `SQLiteCheckpointer`, off the writer: commits are copied into
/// the database file without the writer doing it, and the WAL starts over instead of growing.
@Suite("SQLiteCheckpointer")
struct SQLiteCheckpointerTests {
    /// About 2 KiB of text per message, so that a few hundred messages fill many pages.
    static let longText = String(repeating: "gastei 50 reais no almoço com fornecedores ", count: 48)
    /// More WAL frames than one such message's commit writes (its row and index pages),
    /// far fewer than a round of 300.
    static let framesOfOneMessage = 16

    @Test func writerLeavesCheckpointsToTheBackgroundConnection() async throws {
        try await TemporaryStore.with { store in
            let autocheckpoint = try await store.write { connection in
                try connection.query("PRAGMA wal_autocheckpoint").first?.int("wal_autocheckpoint")
            }
            #expect(autocheckpoint == SQLiteCheckpointer.backstopPages)
        }
    }

    @Test func commitsReachTheDatabaseFileWithoutTheWriterCheckpointing() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open()
        let tenant = try await StoreContract.makeTenant(store)
        let emptySize = try Self.fileSize(temporary.path)
        try await Self.accept(store, tenant, count: 1_000, prefix: "a")
        // 1,000 messages are about 600 WAL pages, far below the writer's backstop: only the
        // background pass can copy them into the database file.
        let grown = try await eventually { try Self.fileSize(temporary.path) >= emptySize + 2_000_000 }
        #expect(grown, "database file stayed at \((try? Self.fileSize(temporary.path)) ?? 0) bytes")
        try await store.close()
    }

    @Test func walStartsOverOnceCheckpointedInsteadOfGrowing() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open()
        let tenant = try await StoreContract.makeTenant(store)
        var probes = 0
        for round in 0..<6 {
            try await Self.accept(store, tenant, count: 300, prefix: "r\(round)-")
            let copied = try await eventually {
                let pass = try await store.checkpointer.checkpoint()
                return !pass.busy && pass.walFrames == pass.checkpointedFrames
            }
            #expect(copied, "round \(round): WAL never fully checkpointed")
            // The next commit starts the WAL over from its first frame. SQLite skips that
            // while another connection still reads from the WAL (a background pass may be
            // running), and the commit appends instead; the one after it retries. Probing
            // until a commit did start over keeps the rounds independent of that timing,
            // which a loaded machine stretches.
            let startedOver = try await eventually {
                probes += 1
                try await Self.accept(store, tenant, count: 1, prefix: "probe-\(probes)-")
                // A busy pass (the background one was running) reports -1 frames: not a restart.
                let pass = try await store.checkpointer.checkpoint()
                return !pass.busy && pass.walFrames <= Self.framesOfOneMessage
            }
            #expect(startedOver, "round \(round): the WAL never started over")
        }
        // Six rounds of about 0.8 MB each: a WAL that never started over would hold them all.
        let walSize = try Self.fileSize(temporary.path + "-wal")
        #expect(walSize < 3_000_000, "WAL grew to \(walSize) bytes")
        #expect(try await store.pendingCount(tenantID: tenant.id) == 1_800 + probes)
        try await store.close()
    }

    @Test("under steady commits a long WAL is copied by passes, then the writer's short checkpoint starts it over")
    func writerFinishesALongWALBetweenItsTurns() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let store = try await temporary.open()
        await store.checkpointer.tune(.init(
            spacing: .milliseconds(5), restartFrames: 200, handOverFrames: 64, maxConvergingPasses: 4))
        let tenant = try await StoreContract.makeTenant(store)
        // 2,000 messages of 2 KiB from 20 producers at once: the writer never pauses long
        // enough for a background pass to copy every frame, so only a checkpoint on the
        // writer's connection starts the WAL over before the backstop, 80 MiB away.
        // (On a machine busy enough to slow the writer, passes can catch up on their own and
        // the WAL starts over without a hand-over; the bound holds either way.)
        try await Self.accept(store, tenant, count: 2_000, prefix: "s")
        // Without the hand-over the WAL held every frame: 18 MB when measured. With it, 2.7 to
        // 10.4 MB in 20 runs while a build ran beside the test (passes 5 ms apart also hold
        // off some restarts); the bound leaves room for a slower machine.
        let walSize = try Self.fileSize(temporary.path + "-wal")
        let writerCheckpoints = await store.writer.requestedCheckpoints
        #expect(walSize < 13_000_000, "WAL grew to \(walSize) bytes (\(writerCheckpoints) writer checkpoints)")
        #expect(try await store.pendingCount(tenantID: tenant.id) == 2_000)
        try await store.close()
    }

    @Test("a writer turn that only checkpoints reports no commit, so an idle store starts no more passes")
    func checkpointOnlyTurnIsNotACommit() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let commits = Count()
        let writer = SQLiteWriter(logger: TemporaryStore.logger, afterCommit: { commits.value.add(1, ordering: .relaxed) })
        try await writer.open(path: temporary.path, pragmas: ["PRAGMA journal_mode = WAL"])
        try await writer.transaction { try $0.execute("CREATE TABLE t (x INTEGER)") }
        // Callers resume before their turn reports its commit.
        #expect(try await eventually { commits.value.load(ordering: .relaxed) == 1 })
        writer.requestCheckpoint()
        let checkpointed = try await eventually { await writer.requestedCheckpoints == 1 }
        #expect(checkpointed)
        #expect(commits.value.load(ordering: .relaxed) == 1, "the checkpoint-only turn was reported as a commit")
        _ = await writer.close()
    }

    @Test("a closed store lets its writer go, and with it the writer's thread")
    func closedStoreReleasesItsWriter() async throws {
        let temporary = try TemporaryStore()
        defer { temporary.remove() }
        let writer = try await Self.openUseAndClose(temporary)
        #expect(try await eventually { writer.value == nil }, "the closed store's writer is still referenced")
    }

    private static func openUseAndClose(_ temporary: TemporaryStore) async throws -> WeakWriter {
        let store = try await temporary.open()
        let writer = WeakWriter(store.writer)
        _ = try await StoreContract.makeTenant(store)
        try await store.close()
        return writer
    }

    private final class WeakWriter: Sendable {
        weak let value: SQLiteWriter?
        init(_ value: SQLiteWriter) { self.value = value }
    }

    private final class Count: Sendable {
        let value = Atomic<Int>(0)
    }

    private static func accept(_ store: SQLiteStore, _ tenant: Tenant, count: Int, prefix: String) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for producer in 0..<20 {
                group.addTask {
                    for index in stride(from: producer, to: count, by: 20) {
                        let message = StoreContract.message(tenant, id: "\(prefix)\(index)", text: longText)
                        _ = try await store.accept(message, status: .pending)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private static func fileSize(_ path: String) throws -> Int {
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
}
