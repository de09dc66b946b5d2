import Foundation

/// A dedicated, real `redis-server` for tests that stop and restart Redis (the shared stack's
/// Redis must stay up for the other tests).
public final class RedisServerProcess: @unchecked Sendable {
    public private(set) var port: Int = 0
    public let password: String
    private let folder: String
    private let lock = NSLock()
    private var process: Process?

    /// Starts a server on a free loopback port, with its data in a temporary folder.
    public init() async throws {
        self.password = uniqueSuffix(24)
        self.folder = NSTemporaryDirectory() + "redis-test-" + uniqueSuffix()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lastError: (any Error)?
        for _ in 0..<20 {
            let candidate = Int.random(in: 20_000..<40_000)
            do {
                self.port = candidate
                try await start()
                return
            } catch {
                lastError = error
            }
        }
        throw lastError ?? TestSetupError("could not start redis-server")
    }

    /// Starts (or restarts) the server and waits until it answers.
    public func start() async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/redis-server")
        process.arguments = [
            "--port", String(port), "--bind", "127.0.0.1", "--requirepass", password, "--dir", folder,
            "--appendonly", "yes", "--save", "", "--daemonize", "no", "--logfile", folder + "/redis.log",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        lock.withLock { self.process = process }
        let up = await eventually(timeout: .seconds(5)) {
            guard process.isRunning else { return false }
            return (try? await runProcess(
                "/usr/bin/redis-cli", ["-p", String(port), "-a", password, "--no-auth-warning", "ping"]
            ).stdout.contains("PONG")) ?? false
        }
        guard up else {
            process.terminate()
            throw TestSetupError("redis-server did not start on port \(port)")
        }
    }

    /// Stops the server (`SHUTDOWN`, as an operator would; a child of the test process may have
    /// SIGTERM blocked) and waits for it to exit; kills it if it does not.
    public func stop() async {
        guard let process = lock.withLock({ self.process }) else { return }
        _ = try? await runProcess("/usr/bin/redis-cli", ["-p", String(port), "-a", password, "--no-auth-warning", "shutdown"])
        if await !eventually(timeout: .seconds(10), { !process.isRunning }) {
            kill(process.processIdentifier, SIGKILL)
            await eventually(timeout: .seconds(5)) { !process.isRunning }
        }
        lock.withLock { self.process = nil }
    }

    deinit {
        if let process, process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: folder)
    }
}
