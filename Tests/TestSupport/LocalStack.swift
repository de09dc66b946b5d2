import Foundation
import Logging
import PostgresNIO
import RedisKit
import ServiceKit

/// The running test stack (`make test` starts it): ports and credentials read from
/// `$MODPORTER_TEST_STACK/stack.env`, which `scripts/stack.sh up` writes.
public struct LocalStack: Sendable {
    public let values: [String: String]

    /// The stack `make test` started.
    /// - Throws: when the tests run without one, with the command that provides it.
    public static func current() throws -> LocalStack {
        guard let folder = ProcessInfo.processInfo.environment["MODPORTER_TEST_STACK"] else {
            throw TestSetupError("MODPORTER_TEST_STACK is not set: run the tests with `make test`, which starts the stack")
        }
        return try LocalStack(folder: folder)
    }

    /// Reads `folder/stack.env`.
    public init(folder: String) throws {
        let text = try String(contentsOfFile: folder + "/stack.env", encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            values[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        self.values = values
    }

    public func value(_ key: String) -> String { values[key] ?? "" }
    public func port(_ key: String) -> Int { Int(value(key)) ?? 0 }
    public func ports(_ key: String) -> [Int] { value(key).split(separator: " ").compactMap { Int($0) } }

    public var databaseName: String { value("DB_NAME") }
    public var postgresPort: Int { port("PG_PORT") }

    /// Redis as the services reach it.
    public var redis: RedisConfiguration {
        RedisConfiguration(host: "127.0.0.1", port: port("REDIS_PORT"), password: value("REDIS_PASSWORD"))
    }

    /// PostgreSQL as one service's role (`AUTH`, `CONVERSION`, `AI_ENGINE`) or the `OWNER`.
    public func postgres(role: String, database: String? = nil) -> PostgresSettings {
        PostgresSettings(
            host: "127.0.0.1", port: postgresPort, database: database ?? databaseName,
            user: value("PG_\(role)_USER"), password: value("PG_\(role)_PASSWORD"), poolSize: 4)
    }

    /// A libpq URI for the owner role.
    public func ownerURL(database: String? = nil) -> String {
        "postgresql://\(value("PG_OWNER_USER")):\(value("PG_OWNER_PASSWORD"))@127.0.0.1:\(postgresPort)/\(database ?? databaseName)"
    }

    /// The folder holding the debug binaries the stack runs.
    public var binDirectory: String { value("BIN_DIR") }

    /// The repository root.
    public static var repositoryRoot: String {
        ProcessInfo.processInfo.environment["MODPORTER_ROOT"]
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

/// The tests were started without what they need.
public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A quiet logger for tests (warnings and above).
public func testLogger(_ label: String = "test") -> Logger {
    var logger = Logger(label: label)
    logger.logLevel = .warning
    return logger
}

/// A random lower-case suffix for names that must not collide between parallel tests.
public func uniqueSuffix(_ length: Int = 10) -> String {
    String((0..<length).map { _ in "abcdefghijklmnopqrstuvwxyz0123456789".randomElement()! })
}

/// Polls `condition` until it holds or `timeout` passes (no fixed sleeps in tests).
/// - Returns: whether the condition held in time.
@discardableResult
public func eventually(
    timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async rethrows -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
