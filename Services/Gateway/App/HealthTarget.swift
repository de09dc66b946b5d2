import Foundation
import Contracts
import ServiceKit

/// One service process whose readiness the gateway reports.
public struct HealthTarget: Sendable, Equatable {
    public var service: ServiceName
    public var host: String
    public var port: Int

    public init(service: ServiceName, host: String, port: Int) {
        self.service = service
        self.host = host
        self.port = port
    }

    /// `host:port`.
    public var instance: String { "\(host):\(port)" }

    /// Parses `HEALTH_TARGETS`: comma-separated `service@host:port` entries, e.g.
    /// `gateway@127.0.0.1:9101,auth@127.0.0.1:9110`.
    public static func parseList(_ text: String, variable: String = "HEALTH_TARGETS") throws(ConfigurationError) -> [HealthTarget] {
        var targets: [HealthTarget] = []
        for (index, rawEntry) in text.split(separator: ",").enumerated() {
            let entry = rawEntry.trimmingCharacters(in: .whitespaces)
            let problem = "entry \(index + 1) (\"\(entry.prefix(60))\") must look like service@host:port"
            let parts = entry.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, let service = ServiceName(rawValue: parts[0]),
                let colon = parts[1].lastIndex(of: ":"),
                let port = Int(parts[1][parts[1].index(after: colon)...]), (1...65535).contains(port)
            else { throw ConfigurationError(variable: variable, problem: problem) }
            let host = String(parts[1][..<colon])
            guard !host.isEmpty else { throw ConfigurationError(variable: variable, problem: problem) }
            targets.append(HealthTarget(service: service, host: host, port: port))
        }
        return targets
    }
}
