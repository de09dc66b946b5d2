import NIOCore

/// Where and how to reach Redis.
public struct RedisConfiguration: Sendable {
    /// Host name or address of the Redis server.
    public var host: String
    /// TCP port of the Redis server.
    public var port: Int
    /// Password sent with `AUTH` after connecting, if any.
    public var password: String?
    /// The most connections the pool opens at once (pub/sub connections are not counted).
    public var maxConnections: Int
    /// Time allowed to open a connection.
    public var connectTimeout: Duration
    /// Time allowed for one reply; a connection that misses it is closed.
    public var commandTimeout: Duration

    public init(
        host: String = "127.0.0.1",
        port: Int = 6379,
        password: String? = nil,
        maxConnections: Int = 8,
        connectTimeout: Duration = .seconds(2),
        commandTimeout: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.password = password
        self.maxConnections = maxConnections
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
    }
}

extension Duration {
    /// The duration as a NIO `TimeAmount`.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
