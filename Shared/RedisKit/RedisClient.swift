import Contracts
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import Tracing

/// The Redis client services use: pooled, pipelined command connections plus Lua scripts.
///
/// Run it as a `Service` in the application's `ServiceGroup`: on graceful shutdown it closes its
/// connections. Pub/sub lives in ``RedisSubscriber``, which holds a connection of its own.
public final class RedisClient: Service, Sendable {
    /// The configuration the client was created with.
    public let configuration: RedisConfiguration
    private let pool: RedisConnectionPool
    private let logger: Logger
    private let scriptHashes = Mutex<[String: String]>([:])

    public init(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger
    ) {
        self.configuration = configuration
        self.pool = RedisConnectionPool(configuration: configuration, eventLoopGroup: eventLoopGroup)
        self.logger = logger
    }

    public func run() async throws {
        try? await gracefulShutdown()
        await shutdown()
    }

    /// Closes the pooled connections; later commands throw `RedisError.shutdown`.
    public func shutdown() async {
        await pool.shutdown()
    }

    /// Sends one command; an error reply is thrown as `RedisError.server`.
    @discardableResult
    public func send(_ arguments: [RESPArgument]) async throws -> RESPValue {
        try await withSpan("redis " + Self.commandName(arguments), ofKind: .client) { span in
            span.attributes["db.system"] = "redis"
            return try await pool.withConnection { try await $0.send(arguments) }
        }
    }

    /// Sends commands in one round trip on one connection; replies come back in order. As with
    /// ``send(_:)``, an error reply (e.g. `LOADING` while a restarted Redis reads its data) is
    /// thrown as `RedisError.server`, once every reply has been read, so no caller mistakes it
    /// for a value.
    public func pipeline(_ commands: [[RESPArgument]]) async throws -> [RESPValue] {
        let replies = try await withSpan("redis pipeline", ofKind: .client) { span in
            span.attributes["db.system"] = "redis"
            span.attributes["db.operation.batch.size"] = commands.count
            return try await pool.withConnection { try await $0.pipeline(commands) }
        }
        for case .error(let message) in replies { throw RedisError.server(message) }
        return replies
    }

    /// The command's name for a span (never its arguments: keys and values may be secrets).
    static func commandName(_ arguments: [RESPArgument]) -> String {
        guard let first = arguments.first else { return "?" }
        return String(decoding: first.bytes.prefix(24), as: UTF8.self).uppercased()
    }

    /// `PING`, answered with `PONG` by a healthy server.
    public func ping() async throws {
        let reply = try await send(["PING"])
        guard reply == .status("PONG") else { throw RedisError.unexpectedReply("PING answered \(reply)") }
    }

    /// `PUBLISH`: returns how many subscribers received the message.
    @discardableResult
    public func publish(_ message: String, to channel: String) async throws -> Int {
        let reply = try await send(["PUBLISH", RESPArgument(channel), RESPArgument(message)])
        return Int(reply.integer ?? 0)
    }

    /// `PUBLISH` of a typed message on its own channel: returns how many subscribers received it.
    @discardableResult
    public func publish(_ message: some ChannelMessage) async throws -> Int {
        try await publish(message.wireText, to: message.channel.description)
    }

    /// Runs a Lua script with `EVALSHA`, learning its hash with `SCRIPT LOAD` the first time. When
    /// Redis has forgotten it (`NOSCRIPT`: a restart or a `SCRIPT FLUSH`, which may land even between
    /// a load and its run), the script runs with `EVAL`, which loads and runs it in one command, so a
    /// flush can never fail a call.
    public func evaluate(_ script: RedisScript, keys: [String] = [], arguments: [RESPArgument] = []) async throws -> RESPValue {
        let tail = [RESPArgument(keys.count)] + keys.map { RESPArgument($0) } + arguments
        let sha: String
        if let known = scriptHashes.withLock({ $0[script.source] }) {
            sha = known
        } else {
            let loaded = try await send(["SCRIPT", "LOAD", RESPArgument(script.source)])
            guard let hash = loaded.string else { throw RedisError.unexpectedReply("SCRIPT LOAD answered \(loaded)") }
            scriptHashes.withLock { $0[script.source] = hash }
            sha = hash
        }
        do {
            return try await send(["EVALSHA", RESPArgument(sha)] + tail)
        } catch RedisError.server(let message) where message.hasPrefix("NOSCRIPT") {
            logger.debug("redis script missing, running it with EVAL", metadata: ["script": "\(script.name)"])
            return try await send(["EVAL", RESPArgument(script.source)] + tail)
        }
    }
}

/// A Lua script run through ``RedisClient/evaluate(_:keys:arguments:)``.
public struct RedisScript: Sendable {
    /// A short name used in logs.
    public let name: String
    /// The Lua source.
    public let source: String

    public init(name: String, source: String) {
        self.name = name
        self.source = source
    }
}
