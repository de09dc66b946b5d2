import Logging
import RedisKit
import ServiceLifecycle

/// Runs a subscriber as a service for the duration of `body`; a subscriber that has not stopped
/// 30 seconds after the graceful shutdown is cancelled (a stuck stop fails the test, never hangs it).
public func withSubscriber<Result: Sendable>(
    _ configuration: RedisConfiguration, _ body: @Sendable (RedisSubscriber) async throws -> Result
) async throws -> Result {
    let subscriber = RedisSubscriber(configuration: configuration, confirmationTimeout: .seconds(15), logger: testLogger())
    var groupConfiguration = ServiceGroupConfiguration(services: [subscriber], logger: testLogger())
    groupConfiguration.maximumGracefulShutdownDuration = .seconds(30)
    groupConfiguration.maximumCancellationDuration = .seconds(10)
    let group = ServiceGroup(configuration: groupConfiguration)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        let result: Result
        do {
            result = try await body(subscriber)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
        return result
    }
}

/// Collects messages from the subscriber's stream in the background.
public final class MessageLog: Sendable {
    private let task: Task<Void, Never>
    private let box = LockedBox<[RedisPubSubMessage]>([])

    public init(_ subscriber: RedisSubscriber) {
        let box = self.box
        task = Task { for await message in subscriber.messages { box.mutate { $0.append(message) } } }
    }

    public var messages: [RedisPubSubMessage] { box.value }
    public func texts(on channel: String) -> [String] { messages.filter { $0.channel == channel }.map(\.text) }
    deinit { task.cancel() }
}

/// Runs `body` with a client whose pool is closed afterwards.
public func withClient<Result>(
    _ configuration: RedisConfiguration, _ body: (RedisClient) async throws -> Result
) async throws -> Result {
    let client = RedisClient(configuration: configuration, logger: testLogger())
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
