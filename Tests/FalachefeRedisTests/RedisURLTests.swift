import FalachefeRedis
import Testing

@Suite("Redis URL")
struct RedisURLTests {
    @Test("a full URL gives user, password, host, port and database")
    func parsesEveryPart() throws {
        let url = try RedisURL("redis://app:s3cr%40t@cache.internal:6380/3")
        #expect(url.user == "app")
        #expect(url.password == "s3cr@t")
        #expect(url.host == "cache.internal")
        #expect(url.port == 6380)
        #expect(url.database == 3)
    }

    @Test("port 6379 and database 0 are the defaults; no credentials when absent")
    func appliesDefaults() throws {
        let url = try RedisURL("redis://localhost")
        #expect(url == RedisURL(host: "localhost", port: 6379, user: nil, password: nil, database: 0))
        #expect(try RedisURL("redis://localhost/").database == 0)
    }

    @Test("a password without a user is the default user's (`redis://:password@host`)")
    func passwordOnly() throws {
        let url = try RedisURL("redis://:hunter2@127.0.0.1:7000/0")
        #expect(url.user == nil)
        #expect(url.password == "hunter2")
        #expect(url.port == 7000)
    }

    @Test("the description masks the password")
    func masksPassword() throws {
        let url = try RedisURL("redis://app:hunter2@cache:6380/2")
        #expect(url.description == "redis://app:***@cache:6380/2")
        #expect(try RedisURL("redis://:hunter2@cache").description == "redis://:***@cache:6379/0")
        #expect(try RedisURL("redis://cache").description == "redis://cache:6379/0")
        #expect(!String(reflecting: url).contains("hunter2"))
        #expect(!"\(url)".contains("hunter2"))
    }

    @Test("bad URLs are rejected with a reason that never quotes the URL", arguments: [
        "http://:hunter2@cache:6379/0",
        "rediss://:hunter2@cache:6379/0",
        "redis://:hunter2@cache:6379/zero",
        "redis://:hunter2@cache:6379/-1",
        "redis://:hunter2@:6379/0",
        "redis://user@cache:6379/0",
    ])
    func rejectsBadURLs(_ string: String) {
        #expect {
            _ = try RedisURL(string)
        } throws: { error in
            guard case RedisError.invalidURL = error else { return false }
            return !"\(error)".contains("hunter2")
        }
    }
}
