import Prometheus

/// Counts the security events the alert rules watch — failed sign-ins, second factors refused,
/// lock-outs, refresh-token reuse, refused service credentials — as
/// `auth_security_events_total{event}`, every series exported from zero. Fed by the audit log's
/// writer, so an event is counted exactly when it is audited.
public struct SecurityMetrics: Sendable {
    /// The counted events, by (audited event, success).
    static let events: [String: (audited: String, success: Bool?)] = [
        "login_failed": ("login", false), "second_factor_failed": ("login_2fa", false), "lockout": ("lockout", nil),
        "refresh_token_reuse": ("refresh_token_reuse", nil), "service_token_refused": ("service_token", false),
    ]
    let counters: [String: Counter]

    public init(registry: PrometheusCollectorRegistry) {
        counters = Dictionary(uniqueKeysWithValues: Self.events.keys.map { name in
            (name, registry.makeCounter(name: "auth_security_events_total", labels: [("event", name)]))
        })
    }

    /// Counts `event` (as audited) if it is one of the watched events.
    func record(_ event: String, success: Bool) {
        for (name, match) in Self.events where match.audited == event && (match.success == nil || match.success == success) {
            counters[name]?.increment()
        }
    }
}
