import Logging
import PostgresNIO
import RedisKit
import Synchronization

/// Something a service needs in order to serve: checked by `/health/ready` and at start-up.
public protocol DependencyCheck: Sendable {
    /// The name shown in readiness reports (`postgres`, `redis`, …).
    var name: String { get }
    /// Returns when the dependency answered; throws why it did not.
    func check() async throws
}

/// Runs `SELECT 1` through the service's own pool.
public struct PostgresCheck: DependencyCheck {
    public let name = "postgres"
    let client: PostgresClient

    public init(client: PostgresClient) {
        self.client = client
    }

    public func check() async throws {
        let rows = try await client.query("SELECT 1 AS ok")
        for try await _ in rows {}
    }
}

/// Sends `PING` through the service's Redis pool.
public struct RedisCheck: DependencyCheck {
    public let name = "redis"
    let client: RedisClient

    public init(client: RedisClient) {
        self.client = client
    }

    public func check() async throws {
        try await client.ping()
    }
}

/// Runs `operation`, giving up after `limit`.
///
/// Unlike a task group, this returns at the deadline even when the operation ignores
/// cancellation (a driver stuck in a connect, say): the operation is cancelled and left to finish.
/// - Throws: ``TimeoutError`` when the limit passes first.
public func withTimeout<Result: Sendable>(
    _ limit: Duration, _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let outcome = Mutex<CheckedContinuation<Result, any Error>?>(nil)
    let resume: @Sendable (Swift.Result<Result, any Error>) -> Void = { result in
        outcome.withLock { continuation in
            continuation?.resume(with: result)
            continuation = nil
        }
    }
    return try await withCheckedThrowingContinuation { continuation in
        outcome.withLock { $0 = continuation }
        let work = Task {
            do { resume(.success(try await operation())) } catch { resume(.failure(error)) }
        }
        Task {
            try? await Task.sleep(for: limit)
            work.cancel()
            resume(.failure(TimeoutError(limit: limit)))
        }
    }
}

/// An operation ran past its time limit.
public struct TimeoutError: Error, CustomStringConvertible {
    public let limit: Duration
    public var description: String { "timed out after \(limit)" }
}
