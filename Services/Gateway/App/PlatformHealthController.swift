import Contracts
import Hummingbird
import InternalHTTP
import ServiceKit

/// `GET /api/v1/health`: the readiness of every service process, asked concurrently.
///
/// Answers 200 with `status: ready` when every process is ready, else 503 with `degraded`; each
/// entry carries the process' status (`ready`, `not_ready`, `unreachable`) and latency.
struct PlatformHealthController<Context: RequestContext>: Sendable {
    let targets: [HealthTarget]
    let client: InternalHTTPClient
    let timeout: Duration

    func addRoutes(to router: Router<Context>) {
        router.get("/api/v1/health") { _, context in
            let health = await check(requestID: context.requestID)
            return try jsonResponse(health, status: health.status == "ready" ? .ok : .serviceUnavailable)
        }
    }

    func check(requestID: String?) async -> PlatformHealth {
        let entries = await withTaskGroup(of: (Int, InstanceHealth).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask { (index, await probe(target, requestID: requestID)) }
            }
            var entries: [(Int, InstanceHealth)] = []
            for await entry in group { entries.append(entry) }
            return entries.sorted { $0.0 < $1.0 }.map(\.1)
        }
        let ready = !entries.isEmpty && entries.allSatisfy { $0.status == "ready" }
        return PlatformHealth(status: ready ? "ready" : "degraded", services: entries)
    }

    private func probe(_ target: HealthTarget, requestID: String?) async -> InstanceHealth {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await client.get(
                "http://\(target.instance)/health/ready", timeout: timeout, requestID: requestID)
            let status = response.status == 200 ? "ready" : "not_ready"
            return InstanceHealth(
                service: target.service.rawValue, instance: target.instance, status: status,
                latencyMS: (clock.now - start).milliseconds,
                error: status == "ready" ? nil : "readiness answered \(response.status)")
        } catch {
            return InstanceHealth(
                service: target.service.rawValue, instance: target.instance, status: "unreachable",
                latencyMS: (clock.now - start).milliseconds, error: String(describing: error).prefix(200).description)
        }
    }
}
