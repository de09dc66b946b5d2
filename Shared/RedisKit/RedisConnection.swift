import NIOCore
import NIOPosix

/// One TCP connection to Redis. Commands sent concurrently are pipelined on it.
public final class RedisConnection: Sendable {
    let channel: any Channel
    private let commandTimeout: TimeAmount

    private init(channel: any Channel, commandTimeout: TimeAmount) {
        self.channel = channel
        self.commandTimeout = commandTimeout
    }

    /// Opens a connection and authenticates when a password is configured.
    ///
    /// - Parameter pushes: when given, the connection is in pub/sub mode and every array reply is
    ///   yielded there; the stream finishes when the connection closes.
    static func connect(
        configuration: RedisConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        pushes: AsyncStream<RESPValue>.Continuation? = nil
    ) async throws -> RedisConnection {
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(configuration.connectTimeout.timeAmount)
                .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandlers([
                            ByteToMessageHandler(try RESPReplyDecoder()),
                            RedisCommandHandler(pushes: pushes),
                        ])
                    }
                }
                .connect(host: configuration.host, port: configuration.port)
                .get()
        } catch let error as ChannelError where error == .connectTimeout(configuration.connectTimeout.timeAmount) {
            throw RedisError.timeout("connecting to \(configuration.host):\(configuration.port)")
        } catch {
            throw RedisError.unreachable("\(configuration.host):\(configuration.port): \(String(describing: error).prefix(160))")
        }
        let connection = RedisConnection(channel: channel, commandTimeout: configuration.commandTimeout.timeAmount)
        if let password = configuration.password {
            do {
                _ = try await connection.send(["AUTH", RESPArgument(password)])
            } catch {
                connection.close()
                throw error
            }
        }
        return connection
    }

    /// Whether the socket is still open.
    public var isActive: Bool { channel.isActive }

    /// Sends one command and returns its reply.
    ///
    /// - Throws: `RedisError.server` for an error reply, `.connectionClosed` or `.timeout`.
    @discardableResult
    public func send(_ arguments: [RESPArgument]) async throws -> RESPValue {
        let reply = try await pipeline([arguments])[0]
        if case .error(let message) = reply { throw RedisError.server(message) }
        return reply
    }

    /// Sends several commands in one write and returns their replies in order.
    ///
    /// Error replies are returned as `.error` values, not thrown, so one failing command does not
    /// hide the others' results.
    public func pipeline(_ commands: [[RESPArgument]]) async throws -> [RESPValue] {
        guard !commands.isEmpty else { return [] }
        let eventLoop = channel.eventLoop
        let promises = commands.map { _ in eventLoop.makePromise(of: RESPValue.self) }
        for (command, promise) in zip(commands, promises) {
            channel.write(RedisRequest(arguments: command, promise: promise), promise: nil)
        }
        channel.flush()
        // A missing reply means the connection is unusable: closing it fails every waiting promise.
        let channel = self.channel
        let timer = eventLoop.scheduleTask(in: commandTimeout) { channel.close(promise: nil) }
        defer { timer.cancel() }
        var replies: [RESPValue] = []
        replies.reserveCapacity(promises.count)
        for promise in promises {
            replies.append(try await promise.futureResult.get())
        }
        return replies
    }

    /// Writes a command without awaiting a reply (pub/sub mode: the answer arrives as a push).
    func sendWithoutReply(_ arguments: [RESPArgument]) {
        channel.writeAndFlush(RedisRequest(arguments: arguments, promise: nil), promise: nil)
    }

    /// Closes the socket; pending commands fail with `RedisError.connectionClosed`.
    public func close() {
        channel.close(promise: nil)
    }

    /// Waits until the socket is closed.
    func closed() async {
        try? await channel.closeFuture.get()
    }
}
