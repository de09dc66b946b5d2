import Contracts
import Foundation
import Hummingbird
import HummingbirdWebSocket
import InternalHTTP
import JWTVerification
import Logging
import Metrics
import NIOCore
import NIOWebSocket

/// The request context of realtime's WebSocket router: it keeps the TCP channel, so a socket
/// whose client stopped reading can be closed outright.
public struct RealtimeRequestContext: RequestContext, WebSocketRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let webSocket: WebSocketHandlerReference<Self>
    let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        webSocket = .init()
        channel = source.channel
    }
}

/// One WebSocket from upgrade to close: the `auth` message within the time limit, then the
/// protocol (subscribe, unsubscribe, ping, cursor, presence), with the rate limit, the message size
/// limit and strikes for refused messages; one writer drains the connection's bounded queue.
struct SocketSession: Sendable {
    let hub: ChannelHub
    let access: ChannelAccess
    let documents: DocumentClient
    let authenticator: TokenAuthenticator
    let registry: SocketRegistry
    let limits: SocketLimits
    let metrics: RealtimeMetrics
    let instance: String
    let logger: Logger

    func run(_ inbound: WebSocketInboundStream, _ outbound: WebSocketOutboundWriter, _ context: WebSocketRouterContext<RealtimeRequestContext>) async throws {
        let channel = context.requestContext.channel
        guard !hub.isDraining else {
            // A stopping replica: the client reconnects, and reaches another replica once this
            // one's listener has closed.
            try await outbound.close(.goingAway, reason: "server shutting down")
            return
        }
        var messages = inbound.messages(maxSize: limits.maxMessageBytes * 4).makeAsyncIterator()
        guard let connection = try await authenticate(&messages, outbound, channel) else { return }
        hub.register(connection)
        var log = logger
        log[metadataKey: "connection"] = .string(connection.id)
        log[metadataKey: "user_id"] = .string(connection.user.uuidString.lowercased())
        log.info("socket opened")
        connection.send(Envelope.ready(user: connection.user, server: instance, connection: connection.id, limits: limits))
        metrics.message("out", "ready")
        var failure: (any Error)?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await Self.write(connection, outbound) }
                do {
                    while let message = try await messages.next() {
                        await handle(message, connection)
                    }
                    if connection.closeRequest == nil { metrics.closed("client") }
                    connection.close(.normalClosure, reason: "closed")
                } catch {
                    connection.close(.normalClosure, reason: "closed")
                    throw error
                }
                try await group.waitForAll()
            }
        } catch {
            failure = error
        }
        // However the socket ended, it stops counting against the user's limit at once.
        hub.remove(connection)
        await registry.release(connection)
        log.info("socket closed", metadata: ["reason": .string(connection.closeRequest?.reason ?? "client")])
        if let failure { throw failure }
    }

    /// Drains the connection's queue to the socket, then performs the close asked for (a slow
    /// consumer's close skips what is still queued).
    static func write(_ connection: Connection, _ outbound: WebSocketOutboundWriter) async throws {
        for await text in connection.outgoing {
            if connection.closeRequest?.discardQueued == true { break }
            try await outbound.write(.text(text))
        }
        let close = connection.closeRequest ?? Connection.CloseRequest(code: .normalClosure, reason: "closed")
        try await outbound.close(close.code, reason: close.reason)
    }

    // MARK: - Authentication

    /// Waits for `{"type":"auth","token":…}` within the time limit and checks it; anything else
    /// closes the socket with 1008. - Returns: the connection, or `nil` when it was refused.
    private func authenticate(
        _ messages: inout WebSocketInboundMessageStream.AsyncIterator, _ outbound: WebSocketOutboundWriter, _ channel: any Channel
    ) async throws -> Connection? {
        let timer = channel.eventLoop.scheduleTask(in: .nanoseconds(Int64(limits.authTimeout.components.seconds) * 1_000_000_000)) {
            self.metrics.authFailed("timeout")
            self.metrics.closed("auth_timeout")
            Task { try? await outbound.close(.policyViolation, reason: "authenticate within \(self.limits.authTimeout.components.seconds) s") }
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        }
        defer { timer.cancel() }
        guard let first = try await messages.next() else { return nil }
        timer.cancel()
        metrics.message("in", "auth")
        func refuse(_ reason: String, _ metric: String) async throws -> Connection? {
            metrics.authFailed(metric)
            metrics.closed(metric == "too_many_sockets" ? "too_many_sockets" : "auth_failed")
            try await outbound.close(.policyViolation, reason: reason)
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
            return nil
        }
        guard case .text(let text) = first, text.utf8.count <= limits.maxMessageBytes,
              let message = try? ClientMessage(text: text), message.type == ClientMessage.Kind.auth.rawValue,
              let token = message.token, !token.isEmpty, token.utf8.count <= 8_192 else {
            return try await refuse("the first message must be {\"type\":\"auth\",\"token\":…}", "not_auth")
        }
        let identity: TokenAuthenticator.Identity
        do {
            identity = try await authenticator.authenticate(token, requestID: nil)
        } catch {
            return try await refuse("authentication failed: \(error.code)", error.code == "session_ended" ? "session_ended" : "invalid_token")
        }
        let connection = Connection(
            user: identity.user, session: identity.session, roles: identity.roles, expiresAt: identity.expiresAt, limits: limits,
            channel: channel, metrics: metrics)
        guard await registry.admit(connection, limit: limits.maxSocketsPerUser) else {
            return try await refuse("too many sockets: at most \(limits.maxSocketsPerUser) per user", "too_many_sockets")
        }
        return connection
    }

    // MARK: - Messages

    private func handle(_ message: WebSocketMessage, _ connection: Connection) async {
        guard connection.closeRequest == nil else { return }
        guard connection.admit() else {
            refuse(ProtocolError("rate_limited", "more than \(limits.ratePerSecond) messages per second (burst \(limits.rateBurst)); slow down"), connection)
            return
        }
        guard case .text(let text) = message else {
            refuse(ProtocolError("text_only", "messages are JSON text frames"), connection)
            return
        }
        guard text.utf8.count <= limits.maxMessageBytes else {
            refuse(ProtocolError("message_too_large", "a message is at most \(limits.maxMessageBytes) bytes"), connection)
            return
        }
        let request: ClientMessage
        do { request = try ClientMessage(text: text) } catch {
            refuse(error, connection)
            return
        }
        guard let kind = ClientMessage.Kind(rawValue: request.type) else {
            metrics.message("in", "unknown")
            refuse(ProtocolError("unknown_type", "unknown message type; send one of \(ClientMessage.Kind.allCases.map(\.rawValue).joined(separator: ", "))"),
                   connection, id: request.id)
            return
        }
        metrics.message("in", kind.rawValue)
        do throws(ProtocolError) {
            switch kind {
            case .ping:
                reply(Envelope.pong(id: request.id), "pong", connection)
            case .auth:
                try await reauthenticate(request, connection)
            case .subscribe:
                let channel = try channelName(request)
                try await access.authorize(connection, channel)
                var history: (@Sendable (Int) async throws(ProtocolError) -> [(id: Int, text: String)])?
                if case .doc(let conversion) = channel {
                    history = { [documents] since throws(ProtocolError) in try await documents.history(conversion, since: since, as: connection) }
                }
                let replayed = try await hub.subscribe(connection, to: channel.description, since: request.since, history: history)
                reply(Envelope.ack("subscribe", channel: channel.description, id: request.id, replayed: replayed), "ack", connection)
            case .unsubscribe:
                let channel = try channelName(request)
                hub.unsubscribe(connection, from: channel.description)
                reply(Envelope.ack("unsubscribe", channel: channel.description, id: request.id), "ack", connection)
            case .cursor, .presence:
                let channel = try channelName(request)
                guard connection.isSubscribed(channel.description) else {
                    throw ProtocolError("not_subscribed", "subscribe to \(channel) before sending \(kind.rawValue) updates")
                }
                // Updates beyond the per-connection rate are dropped: the next one supersedes them.
                guard connection.admitCursor() else { return }
                await hub.publishRelay(
                    from: connection, channel: channel.description,
                    message: Envelope.relay(type: kind.rawValue, channel: channel.description, from: connection.user, connection: connection.id, data: request.data))
            case .edit:
                let channel = try channelName(request)
                guard case .doc(let conversion) = channel else { throw ProtocolError("invalid_channel", "edits go to a doc:{id} channel") }
                guard connection.isSubscribed(channel.description) else {
                    throw ProtocolError("not_subscribed", "subscribe to \(channel) before editing")
                }
                let seq = try await documents.edit(conversion, data: request.data, as: connection)
                reply(Envelope.ack("edit", channel: channel.description, id: request.id, seq: seq), "ack", connection)
            }
        } catch {
            metrics.message("out", "error")
            connection.send(Envelope.error(error, channel: request.channel, id: request.id))
        }
    }

    private func channelName(_ request: ClientMessage) throws(ProtocolError) -> ChannelName {
        guard let text = request.channel, let channel = ChannelName(subscribable: text) else {
            throw ProtocolError("invalid_channel", "\"channel\" is conversion:{id}, user:{id} or doc:{id}")
        }
        return channel
    }

    /// A fresh access token for the same user keeps the socket open past the first one's expiry.
    private func reauthenticate(_ request: ClientMessage, _ connection: Connection) async throws(ProtocolError) {
        guard let token = request.token, token.utf8.count <= 8_192 else { throw ProtocolError("malformed_message", "\"token\" is required") }
        let identity: TokenAuthenticator.Identity
        do { identity = try await authenticator.authenticate(token, requestID: nil) } catch {
            throw ProtocolError("invalid_token", "the token was refused: \(error.code)")
        }
        guard identity.user == connection.user else { throw ProtocolError("invalid_token", "the token is another user's") }
        connection.extend(until: identity.expiresAt)
        reply(Envelope.ack("auth", channel: nil, id: request.id), "ack", connection)
    }

    private func reply(_ text: String, _ type: String, _ connection: Connection) {
        metrics.message("out", type)
        connection.send(text)
    }

    /// Answers a refused message with an `error`; too many refusals close the socket (1008).
    private func refuse(_ error: ProtocolError, _ connection: Connection, id: String? = nil) {
        reply(Envelope.error(error, id: id), "error", connection)
        if connection.strike() {
            metrics.closed("abuse")
            connection.close(.policyViolation, reason: "too many refused messages")
        }
    }
}
