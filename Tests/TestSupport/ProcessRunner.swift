import Foundation

/// Runs a program to completion and captures what it printed.
public struct ProcessResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Runs `executable` with `arguments`; `environment` entries are added to this process' own.
///
/// Started as a ``ChildProcess`` (posix_spawn, descriptors 0–2 only, output in files, exit polled),
/// not a Foundation `Process`: Foundation learns of every child's exit through one shared thread and
/// a notifier descriptor, and a long-lived process that inherits another child's notifier (another
/// test spawning at the same moment) leaves that child's caller waiting forever. `startsDaemons`
/// (a stack script) needs nothing more: the daemons it leaves hold no descriptor of ours; its two
/// streams come back together.
public func runProcess(
    _ executable: String, _ arguments: [String] = [], environment: [String: String] = [:],
    replaceEnvironment: Bool = false, timeout: Duration = .seconds(120), currentDirectory: String? = nil, startsDaemons: Bool = false
) async throws -> ProcessResult {
    let child = try ChildProcess(executable, arguments, environment: environment, replaceEnvironment: replaceEnvironment,
                                 separateErrors: !startsDaemons, currentDirectory: currentDirectory)
    guard let status = await child.waitForExit(timeout: timeout) else {
        child.signal(SIGKILL)
        _ = await child.waitForExit(timeout: .seconds(5))
        return ProcessResult(status: -1, stdout: child.output, stderr: child.errors)
    }
    return ProcessResult(status: status, stdout: child.output, stderr: startsDaemons ? child.output : child.errors)
}
