import NIOCore

/// A command on its way to Redis, with the promise its reply fulfils.
///
/// A `nil` promise marks a command whose reply is not awaited (pub/sub mode, where Redis answers
/// SUBSCRIBE with push messages instead of replies).
struct RedisRequest: Sendable {
    var arguments: [RESPArgument]
    var promise: EventLoopPromise<RESPValue>?
}

/// Matches replies to commands in order, so many commands can be in flight (pipelining).
///
/// In pub/sub mode every array reply is a push (`message`, `pmessage`, `subscribe`, …) and goes to
/// `pushes` instead of a waiting promise.
final class RedisCommandHandler: ChannelDuplexHandler {
    typealias InboundIn = RESPValue
    typealias OutboundIn = RedisRequest
    typealias OutboundOut = ByteBuffer

    private var waiting: CircularBuffer<EventLoopPromise<RESPValue>> = []
    private let pushes: AsyncStream<RESPValue>.Continuation?

    init(pushes: AsyncStream<RESPValue>.Continuation? = nil) {
        self.pushes = pushes
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        var buffer = context.channel.allocator.buffer(capacity: 64)
        do {
            try RESPCommandEncoder.encode(request.arguments, into: &buffer)
        } catch {
            request.promise?.fail(error)
            promise?.fail(error)
            return
        }
        if let reply = request.promise { waiting.append(reply) }
        context.write(wrapOutboundOut(buffer), promise: promise)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let value = unwrapInboundIn(data)
        if let pushes, case .array = value {
            pushes.yield(value)
            return
        }
        guard let promise = waiting.popFirst() else {
            // A reply nobody asked for means the stream is out of step: close rather than misattribute.
            context.close(promise: nil)
            return
        }
        promise.succeed(value)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        failAll(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        failAll(RedisError.connectionClosed)
        pushes?.finish()
        context.fireChannelInactive()
    }

    private func failAll(_ error: any Error) {
        while let promise = waiting.popFirst() { promise.fail(error) }
    }
}
