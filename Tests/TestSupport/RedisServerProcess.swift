import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A dedicated, real `redis-server` for tests that stop and restart Redis (the shared stack's
/// Redis must stay up for the other tests).
///
/// Spawned as a ``ChildProcess`` (not Foundation's `Process`, whose one shared exit-watching thread
/// can stall every other child the tests run), on a port below Linux's ephemeral range (32768+), so
/// no client socket of the busy test run can take the port while the server is down for a restart.
public final class RedisServerProcess: @unchecked Sendable {
    public private(set) var port: Int = 0
    public let password: String
    private let folder: String
    private let current = LockedBox<ChildProcess?>(nil)

    /// Starts a server on a free loopback port, with its data in a temporary folder.
    public init() async throws {
        self.password = uniqueSuffix(24)
        self.folder = NSTemporaryDirectory() + "redis-test-" + uniqueSuffix()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<20 {
            let candidate = Int.random(in: 20_000..<32_000)
            guard portIsFree(candidate) else { continue }
            do {
                self.port = candidate
                try await start()
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TestSetupError("could not start redis-server: no free port in 20000–31999")
    }

    /// Starts (or restarts) the server and waits until it answers.
    public func start() async throws {
        let child = try ChildProcess("/usr/bin/redis-server", [
            "--port", String(port), "--bind", "127.0.0.1", "--requirepass", password, "--dir", folder,
            "--appendonly", "yes", "--save", "", "--daemonize", "no", "--logfile", folder + "/redis.log",
        ])
        current.mutate { $0 = child }
        let up = await eventually(timeout: .seconds(20)) {
            guard child.isRunning else { return false }
            return (try? await runProcess(
                "/usr/bin/redis-cli", ["-p", String(port), "-a", password, "--no-auth-warning", "ping"], timeout: .seconds(5)
            ).stdout.contains("PONG")) ?? false
        }
        guard up else {
            child.signal(SIGKILL)
            _ = await child.waitForExit(timeout: .seconds(5))
            current.mutate { $0 = nil }
            let log = (try? String(contentsOfFile: folder + "/redis.log", encoding: .utf8)) ?? ""
            throw TestSetupError("redis-server did not start on port \(port): \(log.suffix(600))")
        }
    }

    /// Stops the server (`SHUTDOWN`, as an operator would) and waits for it to exit; kills it if it
    /// does not.
    public func stop() async {
        guard let child = current.value else { return }
        _ = try? await runProcess(
            "/usr/bin/redis-cli", ["-p", String(port), "-a", password, "--no-auth-warning", "shutdown"], timeout: .seconds(10))
        if await child.waitForExit(timeout: .seconds(10)) == nil {
            child.signal(SIGKILL)
            _ = await child.waitForExit(timeout: .seconds(5))
        }
        current.mutate { $0 = nil }
    }

    /// The folder goes; a server still running is killed and reaped by its ``ChildProcess``.
    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }
}
