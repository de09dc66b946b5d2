/// The platform's services, by the names used in logs, metrics, health and configuration.
public enum ServiceName: String, Codable, Sendable, CaseIterable {
    case gateway
    case auth
    case conversion
    case aiEngine = "ai-engine"
    case realtime
    case migrator
}
