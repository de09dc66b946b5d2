import Logging
import NIOCore
import NIOPosix

/// A bounded pool of command connections, opened on demand.
///
/// A connection that fails or closes is dropped, not returned, so the pool heals after a Redis
/// restart by itself: the next command opens a fresh connection.
actor RedisConnectionPool {
    private let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private var idle: [RedisConnection] = []
    private var leased = 0
    private var waiters: [CheckedContinuation<Void, any Error>] = []
    private var isShutdown = false

    init(configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
    }

    /// Lends a connection to `body` and takes it back afterwards.
    func withConnection<Result: Sendable>(
        _ body: @Sendable (RedisConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await lease()
        do {
            let result = try await body(connection)
            release(connection)
            return result
        } catch {
            // A server error reply leaves the connection healthy; anything else may not.
            if case RedisError.server = error { release(connection) } else { discard(connection) }
            throw error
        }
    }

    /// Closes every idle connection and refuses new leases.
    func shutdown() {
        isShutdown = true
        for connection in idle { connection.close() }
        idle.removeAll()
        for waiter in waiters { waiter.resume(throwing: RedisError.shutdown) }
        waiters.removeAll()
    }

    private func lease() async throws -> RedisConnection {
        while true {
            guard !isShutdown else { throw RedisError.shutdown }
            while let connection = idle.popLast() {
                if connection.isActive {
                    leased += 1
                    return connection
                }
            }
            if leased < configuration.maxConnections {
                leased += 1
                do {
                    return try await RedisConnection.connect(configuration: configuration, eventLoopGroup: eventLoopGroup)
                } catch {
                    leased -= 1
                    wakeOne()
                    throw error
                }
            }
            try await withCheckedThrowingContinuation { waiters.append($0) }
        }
    }

    private func release(_ connection: RedisConnection) {
        leased -= 1
        if connection.isActive && !isShutdown {
            idle.append(connection)
        } else {
            connection.close()
        }
        wakeOne()
    }

    private func discard(_ connection: RedisConnection) {
        leased -= 1
        connection.close()
        wakeOne()
    }

    private func wakeOne() {
        if !waiters.isEmpty { waiters.removeFirst().resume() }
    }
}
