import Logging
import RedisKit
import ServiceLifecycle
import Testing
import TestSupport

@Suite("Redis pub/sub")
struct RedisSubscriberTests {
    let redis = try! LocalStack.current().redis

    @Test func subscribedChannelsAndPatternsReceiveMessages() async throws {
        let channel = "test:pubsub:\(uniqueSuffix())"
        let patternRoot = "test:pattern:\(uniqueSuffix())"
        try await withSubscriber(redis) { subscriber throws in
            let log = MessageLog(subscriber)
            try await subscriber.subscribe([channel])
            try await subscriber.psubscribe([patternRoot + ":*"])
            try await withClient(redis) { client throws in
                #expect(try await client.publish("one", to: channel) == 1)
                #expect(try await client.publish("two", to: channel) == 1)
                #expect(try await client.publish("three", to: patternRoot + ":x") == 1)
            }
            #expect(await eventually { log.messages.count == 3 })
            #expect(log.texts(on: channel) == ["one", "two"])
            let patterned = log.messages.first { $0.channel == patternRoot + ":x" }
            #expect(patterned?.pattern == patternRoot + ":*")
            #expect(patterned?.text == "three")
        }
    }

    @Test func unsubscribedChannelsStopReceiving() async throws {
        let channel = "test:unsub:\(uniqueSuffix())"
        try await withSubscriber(redis) { subscriber throws in
            try await subscriber.subscribe([channel])
            try await subscriber.unsubscribe([channel])
            try await withClient(redis) { client throws in
                #expect(try await client.publish("ignored", to: channel) == 0)
            }
        }
    }

    @Test func subscriptionsSurviveARedisRestart() async throws {
        let server = try await RedisServerProcess()
        let configuration = RedisConfiguration(host: "127.0.0.1", port: server.port, password: server.password, connectTimeout: .seconds(1))
        let channel = "test:restart:\(uniqueSuffix())"
        try await withSubscriber(configuration) { subscriber throws in
            let log = MessageLog(subscriber)
            try await subscriber.subscribe([channel])
            try await withClient(configuration) { client throws in
                #expect(try await client.publish("before", to: channel) == 1)
                #expect(await eventually { log.texts(on: channel) == ["before"] })

                await server.stop()
                #expect(await eventually { !subscriber.isConnected })
                // While Redis is down, commands fail promptly rather than hang.
                await #expect(throws: (any Error).self) { try await client.ping() }

                try await server.start()
                // The subscriber reconnects and resubscribes by itself; the pool opens new connections.
                let delivered = await eventually(timeout: .seconds(15), every: .milliseconds(100)) {
                    _ = try? await client.publish("after", to: channel)
                    return log.texts(on: channel).contains("after")
                }
                #expect(delivered)
                #expect(subscriber.connectionCount >= 2)
                try await client.ping()
            }
        }
        await server.stop()
    }
}
