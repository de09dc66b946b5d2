import Logging
import RedisKit
import Testing
import TestSupport

@Suite("Redis client against the stack's redis-server")
struct RedisClientTests {
    let redis = try! LocalStack.current().redis

    @Test func setAndGetRoundTripBinarySafeValues() async throws {
        let key = "test:binary:\(uniqueSuffix())"
        let bytes: [UInt8] = [0, 1, 2, 13, 10, 255, 0x24]
        try await withClient(redis) { client throws in
            try await client.send(["SET", RESPArgument(key), RESPArgument(bytes: bytes), "EX", "60"])
            #expect(try await client.send(["GET", RESPArgument(key)]) == .bulk(bytes))
            #expect(try await client.send(["GET", RESPArgument(key + ":missing")]) == .null)
            #expect(try await client.send(["EXISTS", RESPArgument(key)]) == .integer(1))
        }
    }

    @Test func errorRepliesAreThrownAndLeaveTheConnectionUsable() async throws {
        try await withClient(redis) { client throws in
            await #expect(throws: RedisError.self) { try await client.send(["NOSUCHCOMMAND"]) }
            try await client.ping()
        }
    }

    @Test func pipelineReturnsRepliesInOrder() async throws {
        let key = "test:pipeline:\(uniqueSuffix())"
        try await withClient(redis) { client throws in
            let commands: [[RESPArgument]] = (0..<200).map { _ in ["INCR", RESPArgument(key)] } + [["EXPIRE", RESPArgument(key), "60"]]
            let replies = try await client.pipeline(commands)
            #expect(replies.count == 201)
            #expect(replies.prefix(200).map(\.integer) == (1...200).map { Int64($0) })
            // An error reply among them is thrown, and the connection stays in step for the next.
            await #expect(throws: RedisError.self) { try await client.pipeline([["PING"], ["NOSUCHCOMMAND"], ["INCR", RESPArgument(key)]]) }
            #expect(try await client.pipeline([["GET", RESPArgument(key)]]) == [.bulk(Array("201".utf8))])
        }
    }

    @Test func concurrentCommandsShareABoundedPool() async throws {
        var configuration = redis
        configuration.maxConnections = 2
        let prefix = "test:pool:\(uniqueSuffix())"
        try await withClient(configuration) { client throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<300 {
                    group.addTask {
                        let key = RESPArgument("\(prefix):\(index)")
                        try await client.send(["SET", key, RESPArgument(index), "EX", "60"])
                        let value = try await client.send(["GET", key])
                        #expect(value.integer == Int64(index))
                    }
                }
                try await group.waitForAll()
            }
            let clients = try await client.send(["CLIENT", "LIST"]).string ?? ""
            #expect(!clients.isEmpty)
        }
    }

    /// On a Redis of its own: a `SCRIPT FLUSH` reaches every client of the server it runs on.
    @Test func scriptsRunThroughEvalshaAndSurviveScriptFlush() async throws {
        let server = try await RedisServerProcess()
        let own = RedisConfiguration(host: "127.0.0.1", port: server.port, password: server.password)
        let script = RedisScript(name: "add", source: "return redis.call('INCRBY', KEYS[1], ARGV[1]) -- \(uniqueSuffix())")
        let key = "test:script:\(uniqueSuffix())"
        try await withClient(own) { client throws in
            #expect(try await client.evaluate(script, keys: [key], arguments: [5]) == .integer(5))
            #expect(try await client.evaluate(script, keys: [key], arguments: [2]) == .integer(7))
            // Redis forgets scripts on restart or flush: the client runs it again.
            try await client.send(["SCRIPT", "FLUSH"])
            #expect(try await client.evaluate(script, keys: [key], arguments: [3]) == .integer(10))
        }
        await server.stop()
    }

    /// Flushes landing between a client's `SCRIPT LOAD` and its `EVALSHA` (another client flushing
    /// all the time) never fail a call: the CI failure where the gateway's rate limiter answered
    /// 503 while a test flushed the shared Redis's scripts.
    @Test func scriptsSurviveFlushesBetweenLoadAndRun() async throws {
        let server = try await RedisServerProcess()
        let own = RedisConfiguration(host: "127.0.0.1", port: server.port, password: server.password)
        let key = "test:script:\(uniqueSuffix())"
        try await withClient(own) { flusher throws in
            try await withClient(own) { client throws in
                let flushing = Task {
                    while !Task.isCancelled { _ = try? await flusher.send(["SCRIPT", "FLUSH"]) }
                }
                defer { flushing.cancel() }
                var failures = 0
                for round in 0..<400 {
                    // A new script each time, so each round loads: the window is between the two.
                    let script = RedisScript(name: "add", source: "return redis.call('INCRBY', KEYS[1], ARGV[1]) -- \(round)")
                    do {
                        _ = try await client.evaluate(script, keys: [key], arguments: [1])
                        _ = try await client.evaluate(script, keys: [key], arguments: [1])
                    } catch {
                        failures += 1
                    }
                }
                #expect(failures == 0)
                #expect(try await client.send(["GET", RESPArgument(key)]) == .bulk(Array("800".utf8)))
            }
        }
        await server.stop()
    }

    @Test func wrongPasswordIsRefused() async throws {
        var configuration = redis
        configuration.password = "not-the-password"
        try await withClient(configuration) { client throws in
            await #expect(throws: RedisError.self) { try await client.ping() }
        }
    }

    @Test func unreachableServerFailsFastInsteadOfHanging() async throws {
        let configuration = RedisConfiguration(host: "127.0.0.1", port: 1, connectTimeout: .seconds(1))
        try await withClient(configuration) { client throws in
            await #expect(throws: (any Error).self) { try await client.ping() }
        }
    }
}
