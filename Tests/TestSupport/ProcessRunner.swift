import Foundation

/// Runs a program to completion and captures what it printed.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs `executable` with `arguments`; `environment` entries are added to this process' own.
///
/// `startsDaemons`: the program leaves daemons running (a stack script), which would inherit and
/// hold the descriptors a `Process` learns of its exit through. It then runs as a ``ChildProcess``
/// (descriptors 0–2 only); both streams come back together in `stdout` and `stderr`.
public func runProcess(
    _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
    replaceEnvironment: Bool = false, timeout: Duration = .seconds(120), currentDirectory: String? = nil, startsDaemons: Bool = false
) async throws -> ProcessResult {
    if startsDaemons {
        let child = try ChildProcess(executable, arguments, environment: environment, replaceEnvironment: replaceEnvironment)
        guard let status = await child.waitForExit(timeout: timeout) else {
            child.signal(SIGKILL)
            throw TestSetupError("\(executable) \(arguments.joined(separator: " ")) did not finish within \(timeout): \(child.output.suffix(2000))")
        }
        return ProcessResult(status: status, stdout: child.output, stderr: child.output)
    }
    let process = Process()
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    var env = replaceEnvironment ? [:] : ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let finished = AsyncStream<Void>.makeStream()
    process.terminationHandler = { _ in finished.continuation.finish() }
    try process.run()
    // Read both pipes while the process runs so a chatty child never blocks on a full pipe. The
    // reads block, so they run on threads of their own: blocking a thread of the cooperative pool
    // (two on this machine) would stall every other test running in parallel.
    async let stdoutData = readToEnd(out.fileHandleForReading)
    async let stderrData = readToEnd(err.fileHandleForReading)
    let timer = Task {
        try await Task.sleep(for: timeout)
        process.terminate()
    }
    for await _ in finished.stream {}
    timer.cancel()
    process.waitUntilExit()
    return ProcessResult(
        status: process.terminationStatus,
        stdout: String(decoding: await stdoutData, as: UTF8.self),
        stderr: String(decoding: await stderrData, as: UTF8.self))
}

/// Reads a pipe to its end on a dispatch thread, off the cooperative pool.
func readToEnd(_ handle: FileHandle) async -> Data {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
    }
}
