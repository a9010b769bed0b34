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
}
