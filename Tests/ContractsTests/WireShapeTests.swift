import Contracts
import Foundation
import Testing

@Suite("Wire contracts")
struct WireShapeTests {
    func object(_ value: some Encodable) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
    }

    @Test func errorBodyHasTheDocumentedShape() throws {
        let json = try object(ErrorBody(code: "not_found", message: "no such conversion", requestID: "req-1"))
        let error = try #require(json["error"] as? [String: Any])
        #expect(Set(error.keys) == ["code", "message", "request_id"])
        #expect(error["request_id"] as? String == "req-1")
    }

    @Test func platformHealthUsesSnakeCaseLatency() throws {
        let health = PlatformHealth(status: "ready", services: [
            InstanceHealth(service: "auth", instance: "127.0.0.1:9110", status: "ready", latencyMS: 1.2)
        ])
        let json = try object(health)
        let entry = try #require((json["services"] as? [[String: Any]])?.first)
        #expect(Set(entry.keys) == ["service", "instance", "status", "latency_ms"])
        let decoded = try JSONDecoder().decode(PlatformHealth.self, from: JSONEncoder().encode(health))
        #expect(decoded == health)
    }

    @Test func serviceNamesMatchTheExecutables() {
        #expect(ServiceName.allCases.map(\.rawValue) == ["gateway", "auth", "conversion", "ai-engine", "realtime", "migrator"])
    }
}
