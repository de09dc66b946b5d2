import Logging

/// Start-up fails fast and plainly when a dependency cannot be reached.
public enum StartupProbe {
    /// Retries every check until it passes or `deadline` passes.
    ///
    /// One attempt gets at most a quarter of the deadline (at least a second): a connection that
    /// stalls is given up and tried afresh, instead of using up the whole deadline by itself.
    ///
    /// - Throws: ``StartupError`` naming the first dependency still down, with its last error.
    public static func waitForDependencies(_ checks: [any DependencyCheck], deadline: Duration, logger: Logger) async throws {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        let attemptLimit = max(deadline / 4, .seconds(1))
        for check in checks {
            var lastError: any Error = TimeoutError(limit: deadline)
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let remaining = end - clock.now
                    try await withTimeout(max(min(remaining, attemptLimit), .milliseconds(100))) { try await check.check() }
                    logger.debug("dependency reachable", metadata: ["dependency": "\(check.name)", "attempts": "\(attempt)"])
                    break
                } catch {
                    lastError = error
                    logger.debug("dependency not reachable yet", metadata: ["dependency": "\(check.name)", "attempt": "\(attempt)", "error": "\(error)"])
                }
                if clock.now >= end {
                    throw StartupError(message: "\(check.name) unreachable after \(deadline) (\(attempt) attempts): \(lastError)")
                }
                try await Task.sleep(for: .milliseconds(200))
            }
        }
    }
}

/// Start-up could not complete; the description is the one line the process prints.
public struct StartupError: Error, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}
