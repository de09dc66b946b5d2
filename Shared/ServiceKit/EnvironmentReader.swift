#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads typed settings from environment variables, naming the variable in every error.
public struct EnvironmentReader: Sendable {
    private let values: [String: String]

    /// Reads the process environment.
    public init() { self.values = ProcessInfo.processInfo.environment }

    /// Reads the given values instead of the process environment (tests).
    public init(_ values: [String: String]) { self.values = values }

    /// The raw value, `nil` when unset or empty.
    public func optional(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    /// A value that must be present.
    public func required(_ name: String) throws(ConfigurationError) -> String {
        guard let value = optional(name) else { throw ConfigurationError(variable: name, problem: "is required but not set") }
        return value
    }

    /// A value with a default when unset.
    public func string(_ name: String, default fallback: String) -> String {
        optional(name) ?? fallback
    }

    /// An integer within `range`, with a default when unset.
    public func integer(_ name: String, default fallback: Int? = nil, in range: ClosedRange<Int>) throws(ConfigurationError) -> Int {
        guard let text = optional(name) else {
            if let fallback { return fallback }
            throw ConfigurationError(variable: name, problem: "is required but not set")
        }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigurationError(
                variable: name,
                problem: "must be an integer between \(range.lowerBound) and \(range.upperBound) (got \"\(text.prefix(40))\")")
        }
        return value
    }

    /// A TCP port (1–65535).
    public func port(_ name: String, default fallback: Int? = nil) throws(ConfigurationError) -> Int {
        try integer(name, default: fallback, in: 1...65535)
    }

    /// A positive number of seconds as a `Duration`.
    public func seconds(_ name: String, default fallback: Double) throws(ConfigurationError) -> Duration {
        guard let text = optional(name) else { return .milliseconds(Int64(fallback * 1000)) }
        guard let value = Double(text), value > 0, value <= 86_400 else {
            throw ConfigurationError(variable: name, problem: "must be a number of seconds between 0 and 86400 (got \"\(text.prefix(40))\")")
        }
        return .milliseconds(Int64(value * 1000))
    }

    /// One of a fixed set of values.
    public func choice(_ name: String, default fallback: String, among allowed: [String]) throws(ConfigurationError) -> String {
        let value = string(name, default: fallback)
        guard allowed.contains(value) else {
            throw ConfigurationError(variable: name, problem: "must be one of \(allowed.joined(separator: ", ")) (got \"\(value.prefix(40))\")")
        }
        return value
    }
}
