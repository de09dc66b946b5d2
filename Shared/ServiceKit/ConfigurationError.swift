/// A configuration variable that is missing or malformed. Its description is the one line a
/// process prints before it exits.
public struct ConfigurationError: Error, CustomStringConvertible, Equatable {
    /// The environment variable at fault.
    public let variable: String
    /// What is wrong with it, e.g. `is required` or `must be an integer between 1 and 65535`.
    public let problem: String

    public init(variable: String, problem: String) {
        self.variable = variable
        self.problem = problem
    }

    public var description: String { "configuration error: \(variable) \(problem)" }
}
