import NIOPosix

/// The one way the services run blocking or CPU-bound work (a bcrypt hash, a jar's central
/// directory, a file read whole): on NIO's blocking thread pool, never on the cooperative pool that
/// serves requests. Long-lived compute with its own queueing keeps a thread of its own instead —
/// the ai-engine's inference and model-loading threads (`ComputeThread`) — and the conversion
/// engine, a pure library without NIO, runs its pipeline on a dispatch thread of its own.
public enum BlockingWork {
    /// Runs `body` on `NIOThreadPool.singleton` and returns its result.
    /// - Throws: what `body` throws, or `CancellationError` when the pool has shut down.
    public static func run<Result: Sendable>(_ body: @escaping @Sendable () throws -> Result) async throws -> Result {
        try await NIOThreadPool.singleton.runIfActive(body)
    }
}
