import Contracts
import Hummingbird
import Logging

/// `GET /health/live` and `GET /health/ready`.
///
/// Readiness runs every dependency check concurrently, each with its own time limit, and answers
/// 503 with the per-dependency report when any is down.
public struct HealthController<Context: RequestContext>: Sendable {
    let service: ServiceName
    let checks: [any DependencyCheck]
    let timeout: Duration

    public init(service: ServiceName, checks: [any DependencyCheck], timeout: Duration) {
        self.service = service
        self.checks = checks
        self.timeout = timeout
    }

    public func addRoutes(to router: Router<Context>) {
        router.get("/health/live") { _, _ in
            AppError.jsonResponse(status: .ok, body: ["status": "live", "service": service.rawValue])
        }
        router.get("/health/ready") { _, _ in
            let report = await readiness()
            return AppError.jsonResponse(status: report.status == "ready" ? .ok : .serviceUnavailable, body: report)
        }
    }

    /// Checks every dependency now.
    public func readiness() async -> ReadinessReport {
        let timeout = self.timeout
        let results = await withTaskGroup(of: (Int, DependencyStatus).self) { group in
            for (index, check) in checks.enumerated() {
                group.addTask {
                    let clock = ContinuousClock()
                    let start = clock.now
                    do {
                        try await withTimeout(timeout) { try await check.check() }
                        return (index, DependencyStatus(name: check.name, status: "up", latencyMS: (clock.now - start).milliseconds))
                    } catch {
                        return (index, DependencyStatus(
                            name: check.name, status: "down", latencyMS: (clock.now - start).milliseconds,
                            error: String(describing: error).prefix(200).description))
                    }
                }
            }
            var statuses: [(Int, DependencyStatus)] = []
            for await result in group { statuses.append(result) }
            return statuses.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let ready = results.allSatisfy { $0.status == "up" }
        return ReadinessReport(status: ready ? "ready" : "not_ready", service: service.rawValue, dependencies: results)
    }
}

extension Duration {
    /// The duration in milliseconds, rounded to 0.01 ms.
    public var milliseconds: Double {
        let (seconds, attoseconds) = components
        let value = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return (value * 100).rounded() / 100
    }
}
