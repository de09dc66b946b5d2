import Foundation

/// PostgreSQL (migrated) and Redis of a test's own, from `scripts/stack.sh stores`, beside the
/// shared test stack: for tests that stop, restart or kill what the shared stack cannot lose.
/// The test starts its own service processes against it (``serviceEnvironment(role:)``).
public final class StoresStack: Sendable {
    /// The state folder (removed by ``down()``).
    public let folder: String
    /// What `stack.sh` wrote for this stack (ports, credentials).
    public let stack: LocalStack
    let environment: [String: String]

    private init(folder: String, environment: [String: String]) throws {
        self.folder = folder
        self.environment = environment
        stack = try LocalStack(folder: folder)
    }

    /// Provisions and starts the stores at a free port offset.
    public static func start(binaries: String) async throws -> StoresStack {
        var offset = 0
        for _ in 0..<50 {
            let candidate = Int.random(in: 400...900) * 10
            if portIsFree(55_432 + candidate) && portIsFree(56_379 + candidate) { offset = candidate; break }
        }
        guard offset > 0 else { throw TestSetupError("no free port offset for a stores stack") }
        let folder = NSTemporaryDirectory() + "modporter-stores-" + uniqueSuffix()
        let environment = ["STACK_DIR": folder, "STACK_PORT_OFFSET": String(offset), "BIN_DIR": binaries, "STACK_PG_FSYNC": "off",
                           "STACK_SKIP_PROVISION": "1"]
        let result = try await Self.script("stores", environment: environment)
        guard result.status == 0 else {
            _ = try? await Self.script("down", environment: environment)
            try? FileManager.default.removeItem(atPath: folder)
            throw TestSetupError("stack.sh stores failed: \(result.stderr)")
        }
        return try StoresStack(folder: folder, environment: environment)
    }

    static func script(_ command: String, environment: [String: String]) async throws -> ProcessResult {
        try await runProcess("/bin/bash", [LocalStack.repositoryRoot + "/scripts/stack.sh", command], environment: environment,
                             timeout: .seconds(180), startsDaemons: true)
    }

    /// Runs a `stack.sh` command on this stack (`stop-redis`, `start-redis`, `restart-postgres`).
    public func run(_ command: String) async throws {
        let result = try await Self.script(command, environment: environment)
        guard result.status == 0 else { throw TestSetupError("stack.sh \(command) failed: \(result.stderr)") }
    }

    /// Stops everything and removes the folder.
    public func down() async {
        _ = try? await Self.script("down", environment: environment)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// The rows `query` returns, as the owner, one line per row with columns separated by `|`.
    public func sql(_ query: String) async throws -> [String] {
        let result = try await runProcess(stack.value("PG_BIN") + "/psql", [stack.ownerURL(), "-v", "ON_ERROR_STOP=1", "-qAt", "-c", query])
        guard result.status == 0 else { throw TestSetupError("psql failed: \(result.stderr)") }
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// A Redis command's reply lines (through `redis-cli`).
    public func redis(_ arguments: [String]) async throws -> [String] {
        let result = try await runProcess(
            "/usr/bin/redis-cli", ["-p", stack.value("REDIS_PORT"), "-a", stack.value("REDIS_PASSWORD"), "--no-auth-warning"] + arguments)
        return result.stdout.split(separator: "\n").map(String.init)
    }

    /// The variables a service process needs to reach these stores as `role` (`CONVERSION`, …).
    public func serviceEnvironment(role: String) -> [String: String] {
        [
            "HTTP_HOST": "127.0.0.1", "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": stack.value("PG_PORT"), "POSTGRES_DB": stack.databaseName,
            "POSTGRES_USER": stack.value("PG_\(role)_USER"), "POSTGRES_PASSWORD": stack.value("PG_\(role)_PASSWORD"),
            "REDIS_HOST": "127.0.0.1", "REDIS_PORT": stack.value("REDIS_PORT"), "REDIS_PASSWORD": stack.value("REDIS_PASSWORD"),
        ]
    }
}

/// Whether nothing listens on loopback `port` right now.
public func portIsFree(_ port: Int) -> Bool {
    let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    return bound == 0
}
