/// Errors raised by the Redis client.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Redis answered with an error reply (the text Redis sent).
    case server(String)
    /// The bytes from Redis were not valid RESP (the reader's own message).
    case protocolViolation(String)
    /// The connection closed before the reply arrived.
    case connectionClosed
    /// No reply, connection or confirmation within the configured time.
    case timeout(String)
    /// A reply had a shape the caller did not expect.
    case unexpectedReply(String)
    /// The client has been shut down.
    case shutdown
    /// Redis could not be reached (refused, reset, unreachable host).
    case unreachable(String)

    /// Whether the error says Redis is out of reach (a 503 for the caller, not a 500).
    public var isUnavailability: Bool {
        switch self {
        case .connectionClosed, .timeout, .shutdown, .unreachable: true
        case .server(let message): message.hasPrefix("LOADING") || message.hasPrefix("BUSY") || message.hasPrefix("MASTERDOWN")
        case .protocolViolation, .unexpectedReply: false
        }
    }

    public var description: String {
        switch self {
        case .server(let message): "redis error: \(message)"
        case .protocolViolation(let message): "redis protocol error: \(message)"
        case .connectionClosed: "redis connection closed"
        case .timeout(let what): "redis timeout: \(what)"
        case .unexpectedReply(let what): "unexpected redis reply: \(what)"
        case .shutdown: "redis client is shut down"
        case .unreachable(let why): "redis unreachable: \(why)"
        }
    }
}
