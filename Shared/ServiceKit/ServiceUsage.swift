import Contracts
import Foundation

/// What a service executable says about itself: run with no arguments it is the service; `--help`,
/// `-h` or `help` print a usage screen naming its commands; any other first argument that is not one
/// of its commands is refused in one line (instead of starting the service and failing on a missing
/// variable).
public enum ServiceUsage {
    /// One command the executable runs instead of the service.
    public struct Command: Sendable {
        /// Its first argument, e.g. `convert`.
        public let name: String
        /// Its arguments, as usage shows them.
        public let synopsis: String
        /// One line on what it does.
        public let summary: String

        public init(_ name: String, _ synopsis: String, _ summary: String) {
            self.name = name
            self.synopsis = synopsis
            self.summary = summary
        }
    }

    /// What to do with the process's arguments.
    public enum Decision: Equatable {
        /// No arguments: run the service.
        case runService
        /// The first argument names one of the commands; the caller runs it.
        case command(String)
        /// Print `text` to standard output (usage) or standard error (a refusal) and exit with `status`.
        case exit(status: Int32, text: String)
    }

    /// The usage screen.
    public static func usage(_ service: ServiceName, commands: [Command]) -> String {
        let name = service.rawValue
        var lines = ["usage: \(name)", "         run the \(name) service; its settings come from the environment (README: \"Configuration\")"]
        for command in commands {
            lines.append("       \(name) \(command.name)\(command.synopsis.isEmpty ? "" : " " + command.synopsis)")
            lines.append("         \(command.summary)")
        }
        lines.append("       \(name) --help | -h | help\(commands.isEmpty ? "" : " [COMMAND]")")
        lines.append(commands.isEmpty ? "         this text" : "         this text, or a command's own help")
        return lines.joined(separator: "\n")
    }

    /// Decides from `arguments` (without the executable's own name).
    public static func decide(_ arguments: [String], service: ServiceName, commands: [Command] = []) -> Decision {
        guard let first = arguments.first else { return .runService }
        if ["--help", "-h", "help"].contains(first) {
            if arguments.count > 1, commands.contains(where: { $0.name == arguments[1] }) { return .command(arguments[1]) }
            return .exit(status: 0, text: usage(service, commands: commands))
        }
        if commands.contains(where: { $0.name == first }) { return .command(first) }
        return .exit(status: 2, text: "\(service.rawValue): unknown command \"\(first)\"; \(service.rawValue) --help lists what it runs")
    }

    /// Prints and exits for ``Decision/exit(status:text:)``; returns otherwise.
    public static func handle(_ decision: Decision) -> Decision {
        if case .exit(let status, let text) = decision {
            FileHandle(fileDescriptor: status == 0 ? 1 : 2).write(Data((text + "\n").utf8))
            Foundation.exit(status)
        }
        return decision
    }
}
