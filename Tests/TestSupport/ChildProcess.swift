import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A long-running child (a service, a stack script), spawned directly with `posix_spawn`.
///
/// Not through Foundation's `Process`: it learns of every child's exit on one shared thread that
/// blocks in `waitpid` as soon as a child closes its notification descriptor — which a child that
/// closes inherited descriptors does at once — so one long-lived child would stall every other
/// process the tests run. Here the child starts with default signal handling and an empty signal
/// mask (the test process blocks SIGTERM, which a service must see), only descriptors 0–2 (a
/// daemon it starts holds nothing of ours), and output in a temporary file; exit is polled with
/// `waitpid(WNOHANG)`.
public final class ChildProcess: @unchecked Sendable {
    /// The child's process id.
    public let pid: pid_t
    public let outputPath: String
    private let state = LockedBox<Int32?>(nil)

    /// Starts `executable` with `arguments`; output (both streams) goes to a temporary file.
    /// Standard error's file when it is kept apart (`separateErrors`); otherwise it joins `outputPath`.
    public let errorPath: String?

    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String] = [:], replaceEnvironment: Bool = false,
                separateErrors: Bool = false, currentDirectory: String? = nil) throws {
        outputPath = NSTemporaryDirectory() + "child-" + uniqueSuffix() + ".log"
        errorPath = separateErrors ? outputPath + ".err" : nil
        var env = replaceEnvironment ? ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"] : ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if let errorPath {
            posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        if let currentDirectory {
            guard let chdir = Self.addChdir else { throw TestSetupError("posix_spawn_file_actions_addchdir_np is missing (glibc < 2.29)") }
            _ = chdir(&actions, currentDirectory)
        }
        // Everything else open here stays here — closed in the child as it starts (glibc's closefrom
        // action), so a descriptor another thread opens meanwhile (a `Process`'s exit notifier) is
        // never inherited by a long-lived child.
        guard let closeFrom = Self.addCloseFrom else { throw TestSetupError("posix_spawn_file_actions_addclosefrom_np is missing (glibc < 2.34)") }
        _ = closeFrom(&actions, 3)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for number in [SIGTERM, SIGINT, SIGPIPE, SIGCHLD, SIGHUP] { sigaddset(&defaults, number) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var child = pid_t()
        let result = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
        guard result == 0 else { throw TestSetupError("could not start \(executable): \(String(cString: strerror(result)))") }
        pid = child
    }

    /// glibc's `posix_spawn_file_actions_addclosefrom_np` (2.34+), which Swift's Glibc module does not import.
    static let addCloseFrom: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32)? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32).self)
    }()

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+).
    static let addChdir: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32)? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>) -> Int32).self)
    }()

    /// What the child wrote to standard error so far, when kept apart.
    public var errors: String { errorPath.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? "" }

    /// Everything the child printed so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ number: Int32 = SIGTERM) { if isRunning { kill(pid, number) } }

    /// Whether the child still runs (reaps it once it has exited).
    public var isRunning: Bool { exitStatus == nil }

    /// The child's exit status (128 + the signal when a signal ended it), once it has exited.
    public var exitStatus: Int32? {
        state.mutate { status in
            if status == nil {
                var raw: Int32 = 0
                if waitpid(pid, &raw, WNOHANG) == pid {
                    let signal = raw & 0x7f
                    status = signal == 0 ? (raw >> 8) & 0xff : 128 + signal
                }
            }
            return status
        }
    }

    /// Waits for the child to exit; returns its status, or nil when it is still running at the deadline.
    public func waitForExit(timeout: Duration) async -> Int32? {
        await eventually(timeout: timeout) { !self.isRunning }
        return exitStatus
    }

    deinit {
        if isRunning {
            kill(pid, SIGKILL)
            var raw: Int32 = 0
            waitpid(pid, &raw, 0)
        }
        try? FileManager.default.removeItem(atPath: outputPath)
        if let errorPath { try? FileManager.default.removeItem(atPath: errorPath) }
    }
}

/// Whether process `pid` is alive (a zombie, already exited but not reaped, counts as gone).
public func isProcessAlive(_ pid: Int32) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
    guard let close = stat.lastIndex(of: ")") else { return false }
    let state = stat[stat.index(close, offsetBy: 2)]
    return state != "Z" && state != "X"
}

/// A TCP port on loopback that nothing listens on right now.
public func freePort() -> Int {
    for _ in 0..<100 {
        let candidate = Int.random(in: 41_000..<60_000)
        if portIsFree(candidate) { return candidate }
    }
    return Int.random(in: 41_000..<60_000)
}
