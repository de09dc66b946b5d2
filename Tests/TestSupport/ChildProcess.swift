import Foundation

/// A long-running child (a service, a stack script) started with default signal handling.
///
/// Children of the test process inherit its blocked signal mask, in which SIGTERM is blocked; a
/// service started that way would never see the SIGTERM an operator sends. The child is
/// therefore started through a tiny Python shim that resets the mask and dispositions before
/// `exec`. The shim also closes every inherited descriptor above 2: Foundation learns of a
/// child's exit through one, and daemons the child starts (a stack's servers) would otherwise
/// hold it open forever.
public final class ChildProcess: @unchecked Sendable {
    public let process: Process
    public let outputPath: String

    /// Starts `executable` with `arguments`; output (both streams) goes to a temporary file.
    public init(_ executable: String, _ arguments: [String] = [], environment: [String: String] = [:], replaceEnvironment: Bool = false) throws {
        outputPath = NSTemporaryDirectory() + "child-" + uniqueSuffix() + ".log"
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [
            "-c",
            "import os, signal, sys; os.closerange(3, 65536); signal.pthread_sigmask(signal.SIG_SETMASK, []); "
                + "[signal.signal(s, signal.SIG_DFL) for s in (signal.SIGTERM, signal.SIGINT, signal.SIGPIPE)]; "
                + "os.execv(sys.argv[1], sys.argv[1:])",
            executable,
        ] + arguments
        var env = replaceEnvironment ? ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"] : ProcessInfo.processInfo.environment
        env.merge(environment) { _, new in new }
        process.environment = env
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Everything the child printed so far.
    public var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    /// Sends `signal` (SIGTERM by default).
    public func signal(_ number: Int32 = SIGTERM) { kill(process.processIdentifier, number) }

    /// Waits for the child to exit; returns its status, or nil when it is still running at the deadline.
    public func waitForExit(timeout: Duration) async -> Int32? {
        let exited = await eventually(timeout: timeout) { !self.process.isRunning }
        return exited ? process.terminationStatus : nil
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(atPath: outputPath)
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
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(candidate).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        if bound == 0 { return candidate }
    }
    return Int.random(in: 41_000..<60_000)
}
