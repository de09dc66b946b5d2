/// What `GET /health/ready` answers: the process' own readiness and each dependency's.
public struct ReadinessReport: Codable, Sendable, Equatable {
    /// `ready` when every dependency answered, else `not_ready`.
    public var status: String
    /// The service name (`auth`, `gateway`, …).
    public var service: String
    /// One entry per dependency (`postgres`, `redis`, …).
    public var dependencies: [DependencyStatus]

    public init(status: String, service: String, dependencies: [DependencyStatus]) {
        self.status = status
        self.service = service
        self.dependencies = dependencies
    }
}

/// One dependency's state in a ``ReadinessReport``.
public struct DependencyStatus: Codable, Sendable, Equatable {
    /// The dependency's name.
    public var name: String
    /// `up` or `down`.
    public var status: String
    /// How long the check took, in milliseconds.
    public var latencyMS: Double
    /// Why it is down (absent when up).
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case name, status, error
        case latencyMS = "latency_ms"
    }

    public init(name: String, status: String, latencyMS: Double, error: String? = nil) {
        self.name = name
        self.status = status
        self.latencyMS = latencyMS
        self.error = error
    }
}

/// What the gateway's `GET /api/v1/health` answers: the readiness of every service process.
public struct PlatformHealth: Codable, Sendable, Equatable {
    /// `ready` when every instance is ready, else `degraded`.
    public var status: String
    /// One entry per configured process.
    public var services: [InstanceHealth]

    public init(status: String, services: [InstanceHealth]) {
        self.status = status
        self.services = services
    }
}

/// One process in ``PlatformHealth``.
public struct InstanceHealth: Codable, Sendable, Equatable {
    /// The service name.
    public var service: String
    /// `host:port` of the process.
    public var instance: String
    /// `ready`, `not_ready` or `unreachable`.
    public var status: String
    /// Round-trip time of its readiness check, in milliseconds.
    public var latencyMS: Double
    /// Why it is not ready (absent when ready).
    public var error: String?

    enum CodingKeys: String, CodingKey {
        case service, instance, status, error
        case latencyMS = "latency_ms"
    }

    public init(service: String, instance: String, status: String, latencyMS: Double, error: String? = nil) {
        self.service = service
        self.instance = instance
        self.status = status
        self.latencyMS = latencyMS
        self.error = error
    }
}
