import Foundation
import ServiceKit

/// Per-role upload quotas: conversions a day (UTC) and the largest jar. Written `role=limit` pairs,
/// comma-separated, `unlimited` for none (`user=200,admin=unlimited`). A caller holding several
/// roles gets the most generous limit among those configured; a caller none of whose roles is
/// configured gets the `user` entry's; with no entry at all there is no limit.
public struct ConversionQuotas: Sendable, Equatable {
    /// Limits by role; `nil` is unlimited.
    public var perDay: [String: Int?]
    public var maxJarBytes: [String: Int?]

    public init(perDay: [String: Int?], maxJarBytes: [String: Int?]) {
        self.perDay = perDay
        self.maxJarBytes = maxJarBytes
    }

    /// Reads `QUOTA_CONVERSIONS_PER_DAY` (default `user=200,admin=unlimited`) and
    /// `QUOTA_MAX_JAR_BYTES` (default: `uploadLimit` for `user`, unlimited for `admin`).
    public init(environment: EnvironmentReader, uploadLimit: Int) throws {
        perDay = try Self.parse(environment.string("QUOTA_CONVERSIONS_PER_DAY", default: "user=200,admin=unlimited"),
                                variable: "QUOTA_CONVERSIONS_PER_DAY", range: 0...1_000_000)
        maxJarBytes = try Self.parse(environment.string("QUOTA_MAX_JAR_BYTES", default: "user=\(uploadLimit),admin=unlimited"),
                                     variable: "QUOTA_MAX_JAR_BYTES", range: 1_024...2_147_483_647)
    }

    static func parse(_ text: String, variable: String, range: ClosedRange<Int>) throws -> [String: Int?] {
        var limits: [String: Int?] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isLetter || $0 == "_" || $0 == "-" }) else {
                throw ConfigurationError(variable: variable, problem: "must be role=limit pairs separated by commas")
            }
            guard limits[parts[0]] == nil else { throw ConfigurationError(variable: variable, problem: "names role \(parts[0]) twice") }
            if parts[1] == "unlimited" {
                limits[parts[0]] = .some(nil)
            } else if let limit = Int(parts[1]), range.contains(limit) {
                limits[parts[0]] = limit
            } else {
                throw ConfigurationError(variable: variable, problem: "limit for \(parts[0]) must be unlimited or in \(range.lowerBound)...\(range.upperBound)")
            }
        }
        return limits
    }

    /// Conversions a day for a caller with `roles`; `nil` is unlimited.
    public func dailyLimit(roles: [String]) -> Int? { Self.generous(perDay, roles) }

    /// The largest jar for a caller with `roles`; `nil` is unlimited.
    public func jarLimit(roles: [String]) -> Int? { Self.generous(maxJarBytes, roles) }

    static func generous(_ limits: [String: Int?], _ roles: [String]) -> Int? {
        let configured = roles.compactMap { limits[$0] }
        if configured.isEmpty { return limits["user"] ?? nil }
        return configured.contains { $0 == nil } ? nil : configured.compactMap { $0 }.max()
    }
}
