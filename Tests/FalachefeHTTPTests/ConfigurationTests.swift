import FalachefeHTTP
import Testing

/// `serve`'s environment: values are read over the defaults, and a bad one is refused with
/// the variable's name.
@Suite("Configuration from the environment")
struct ConfigurationTests {
    @Test("the PostgreSQL pool size and connection wait are read from the environment")
    func readsDatabaseSettings() throws {
        let configuration = try AppConfiguration.fromEnvironment([
            "FALACHEFE_DATABASE_POOL_SIZE": "48", "FALACHEFE_DATABASE_WAIT_MS": " 750 ",
        ])
        #expect(configuration.databasePoolSize == 48)
        #expect(configuration.databaseConnectionWait == .milliseconds(750))
    }

    @Test("the memory trim period is read, 0 turns it off, and a negative one is refused")
    func readsMemoryTrim() throws {
        #expect(try AppConfiguration.fromEnvironment([:]).memoryTrimInterval == 5)
        #expect(try AppConfiguration.fromEnvironment(["FALACHEFE_MEMORY_TRIM_SECONDS": "0"]).memoryTrimInterval == 0)
        #expect {
            _ = try AppConfiguration.fromEnvironment(["FALACHEFE_MEMORY_TRIM_SECONDS": "-1"])
        } throws: { error in
            (error as? ConfigurationError)?.variable == "FALACHEFE_MEMORY_TRIM_SECONDS"
        }
    }

    @Test("without them the defaults hold")
    func defaultsDatabaseSettings() throws {
        let configuration = try AppConfiguration.fromEnvironment([:])
        #expect(configuration.databasePoolSize == 20)
        #expect(configuration.databaseConnectionWait == .seconds(5))
    }

    @Test("a connection wait out of range names the variable")
    func refusesBadWait() {
        #expect {
            _ = try AppConfiguration.fromEnvironment(["FALACHEFE_DATABASE_WAIT_MS": "0"])
        } throws: { error in
            (error as? ConfigurationError)?.variable == "FALACHEFE_DATABASE_WAIT_MS"
        }
        #expect {
            _ = try AppConfiguration.fromEnvironment(["FALACHEFE_DATABASE_POOL_SIZE": "many"])
        } throws: { error in
            (error as? ConfigurationError)?.variable == "FALACHEFE_DATABASE_POOL_SIZE"
        }
    }

    @Test("the event loop count is NIO's default unless FALACHEFE_EVENT_LOOPS sets it")
    func choosesTheEventLoopCount() throws {
        #expect(try EventLoopCount.chosen(environment: [:]) == nil)
        #expect(try EventLoopCount.chosen(environment: ["FALACHEFE_EVENT_LOOPS": "1"]) == 1)
        #expect(try EventLoopCount.chosen(environment: ["FALACHEFE_EVENT_LOOPS": " 3 "]) == 3)
    }

    @Test("an event loop count that is not a positive whole number names the variable", arguments: ["0", "-2", "two"])
    func refusesBadEventLoopCount(value: String) {
        #expect {
            _ = try EventLoopCount.chosen(environment: ["FALACHEFE_EVENT_LOOPS": value])
        } throws: { error in
            (error as? ConfigurationError)?.variable == "FALACHEFE_EVENT_LOOPS"
        }
    }
}
