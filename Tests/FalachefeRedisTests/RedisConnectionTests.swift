import FalachefeRedis
import FalachefeTestSupport
import Foundation
import NIOCore
import NIOPosix
import Testing

@Suite("Redis connection")
struct RedisConnectionTests {
    @Test("real replies of every type come back through hiredis")
    func repliesOfEveryType() async throws {
        try await RedisTests.withConnection(try RedisTests.sharedURL()) { connection async throws in
            let key = RedisTests.uniquePrefix() + "value"
            let counter = RedisTests.uniquePrefix() + "counter"

            #expect(try await connection.send(["PING"]) == .simpleString("PONG"))
            #expect(try await connection.send(["SET", key, "olá"]) == .simpleString("OK"))
            #expect(try await connection.send(["GET", key]).string == "olá")
            #expect(try await connection.send(["INCR", counter]) == .integer(1))
            #expect(
                try await connection.send(["MGET", key, key + ":missing"])
                    == .array([.bulkString(Array("olá".utf8)), .null])
            )
            #expect(try await connection.send(["GET", key + ":missing"]) == .null)
            let script = "return {1, 'two', {3}, redis.error_reply('NESTED failure')}"
            #expect(
                try await connection.send(["EVAL", script, "0"])
                    == .array([.integer(1), .bulkString(Array("two".utf8)), .array([.integer(3)]), .error("NESTED failure")])
            )
            _ = try await connection.send(["DEL", key, counter])
        }
    }

    @Test("an error reply is thrown as a server error with its message, and the connection stays usable")
    func errorReply() async throws {
        try await RedisTests.withConnection(try RedisTests.sharedURL()) { connection async throws in
            await #expect {
                _ = try await connection.send(["NOSUCHCOMMAND", "x"])
            } throws: { error in
                guard case RedisError.server(let message) = error else { return false }
                return message.hasPrefix("ERR unknown command")
            }
            #expect(try await connection.send(["PING"]) == .simpleString("PONG"))
        }
    }

    @Test("many concurrent commands pipelined on one connection each get their own reply")
    func pipelining() async throws {
        try await RedisTests.withConnection(try RedisTests.sharedURL()) { connection async throws in
            let mismatches = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<500 {
                    group.addTask {
                        let reply = try await connection.send(["ECHO", "message \(index)"])
                        return reply.string == "message \(index)"
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 0 : 1) }
            }
            #expect(mismatches == 0)
        }
    }

    @Test("a wrong password is a typed authentication error that never shows the password")
    func wrongPassword() async throws {
        var url = try RedisTests.sharedURL()
        let secret = "not-the-password-\(UUID().uuidString)"
        for user in [nil, "someone"] as [String?] {
            url.user = user
            url.password = secret
            await #expect {
                _ = try await RedisTests.connect(url)
            } throws: { error in
                guard case RedisError.authenticationFailed = error else { return false }
                return !"\(error)".contains(secret) && !String(reflecting: error).contains(secret)
            }
        }
    }

    @Test("the database from the URL is selected: keys in db 3 are not in db 0")
    func selectsDatabase() async throws {
        var url = try RedisTests.sharedURL()
        url.database = 3
        let key = RedisTests.uniquePrefix() + "db"
        try await RedisTests.withConnection(url) { three async throws in
            #expect(try await three.send(["SET", key, "in three"]) == .simpleString("OK"))
            #expect(try await three.send(["GET", key]).string == "in three")
        }
        url.database = 0
        try await RedisTests.withConnection(url) { zero async throws in
            #expect(try await zero.send(["GET", key]) == .null)
        }
        url.database = 3
        try await RedisTests.withConnection(url) { three async throws in
            _ = try await three.send(["DEL", key])
        }
    }

    @Test("a command to a server that never answers fails with a timeout in about the configured time")
    func timeout() async throws {
        let silent = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .childChannelInitializer { $0.eventLoop.makeSucceededVoidFuture() }
            .bind(host: "127.0.0.1", port: 0).get()
        var configuration = RedisTests.configuration(RedisURL(host: "127.0.0.1", port: silent.localAddress?.port ?? 0))
        configuration.commandTimeout = .milliseconds(300)
        let connection = try await RedisConnection.connect(configuration: configuration, logger: RedisTests.quiet)

        let started = ContinuousClock.now
        await #expect(throws: RedisError.timeout) { _ = try await connection.send(["PING"]) }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(250) && elapsed < .seconds(10), "took \(elapsed)")
        // Later replies would be misaligned: the connection is closed.
        #expect(try await eventually(timeout: .seconds(2)) { !connection.isActive })
        await #expect(throws: RedisError.connectionClosed) { _ = try await connection.send(["PING"]) }
        await connection.close()
        try await silent.close()
    }

    @Test("connecting to a closed port fails with a connection error")
    func connectionRefused() async throws {
        let port = try await RedisTests.closedPort()
        await #expect {
            _ = try await RedisTests.connect(RedisURL(host: "127.0.0.1", port: port, password: "hunter2"))
        } throws: { error in
            guard case RedisError.connectionFailed = error else { return false }
            return !"\(error)".contains("hunter2")
        }
    }
}
