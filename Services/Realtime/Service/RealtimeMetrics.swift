import Metrics

/// The realtime service's metrics: `ws_connections` (open, authenticated sockets),
/// `ws_messages_total{direction,type}`, `ws_fanout_latency_seconds` (publication in Redis to the
/// event queued for this server's sockets), `ws_slow_consumer_closes_total`,
/// `ws_pubsub_reconnects_total`, `ws_closes_total{reason}` and `ws_auth_failures_total{reason}`
/// (series created at zero at start-up).
public struct RealtimeMetrics: Sendable {
    let connections = Gauge(label: "ws_connections")
    let fanoutLatency = Timer(label: "ws_fanout_latency_seconds", preferredDisplayUnit: .seconds)
    let slowConsumerCloses = Counter(label: "ws_slow_consumer_closes_total")
    let pubsubReconnects = Counter(label: "ws_pubsub_reconnects_total")

    static let closeReasons = ["client", "auth_timeout", "auth_failed", "session_ended", "token_expired", "idle", "abuse", "slow_consumer", "shutdown", "too_many_sockets"]
    static let authFailures = ["timeout", "not_auth", "invalid_token", "session_ended", "too_many_sockets", "unavailable"]

    public init() {
        connections.record(0)
        slowConsumerCloses.increment(by: 0)
        pubsubReconnects.increment(by: 0)
        for direction in ["in", "out"] {
            for type in ["auth", "subscribe", "unsubscribe", "ping", "cursor", "edit", "presence", "event", "ack", "error", "pong", "ready"] {
                Counter(label: "ws_messages_total", dimensions: [("direction", direction), ("type", type)]).increment(by: 0)
            }
        }
        for reason in Self.closeReasons { Counter(label: "ws_closes_total", dimensions: [("reason", reason)]).increment(by: 0) }
        for reason in Self.authFailures { Counter(label: "ws_auth_failures_total", dimensions: [("reason", reason)]).increment(by: 0) }
    }

    func message(_ direction: String, _ type: String, count: Int = 1) {
        Counter(label: "ws_messages_total", dimensions: [("direction", direction), ("type", type)]).increment(by: count)
    }

    func closed(_ reason: String) { Counter(label: "ws_closes_total", dimensions: [("reason", reason)]).increment() }

    func authFailed(_ reason: String) { Counter(label: "ws_auth_failures_total", dimensions: [("reason", reason)]).increment() }

    func fanout(milliseconds: Int64) {
        fanoutLatency.recordNanoseconds(max(0, milliseconds) * 1_000_000)
    }
}
