import ConversionEngine
import EngineFixtures
import Foundation
import InternalHTTP
import Testing
import TestSupport

/// Conversion processes of a test's own over stores of its own (``StoresStack``), so the test may
/// SIGKILL a process, stop Redis or restart PostgreSQL without touching the shared stack. Service
/// tokens come from the shared stack's auth (the processes verify them against its JWKS); the user
/// is a row in the test's own database.
final class OwnConversionStack: Sendable {
    let shared: LocalStack
    let stores: StoresStack
    let user: UUID
    let artifacts: String
    let client: InternalHTTPClient

    private init(shared: LocalStack, stores: StoresStack, user: UUID) {
        self.shared = shared
        self.stores = stores
        self.user = user
        artifacts = stores.folder + "/artifacts"
        client = InternalHTTPClient()
    }

    /// Runs `body` with a fresh stack, taken down afterwards whatever happens.
    static func with(_ body: (OwnConversionStack) async throws -> Void) async throws {
        await TurnLock.stacks.acquire()
        defer { Task { await TurnLock.stacks.release() } }
        let shared = try LocalStack.current()
        let stores = try await StoresStack.start(binaries: shared.binDirectory)
        let user = UUID()
        do {
            _ = try await stores.sql("INSERT INTO users (id, email) VALUES ('\(user.uuidString.lowercased())', 'own-\(uniqueSuffix())@example.com')")
            let stack = OwnConversionStack(shared: shared, stores: stores, user: user)
            do {
                try await body(stack)
            } catch {
                try? await stack.client.shutdown()
                throw error
            }
            try? await stack.client.shutdown()
        } catch {
            await stores.down()
            throw error
        }
        await stores.down()
    }

    /// One conversion process; answers once it is ready.
    struct Process {
        let child: ChildProcess
        let port: Int
        var url: String { "http://127.0.0.1:\(port)" }
    }

    /// Starts a conversion process with `workers` workers, a `delay` at each stage, a 3 s lease and
    /// the `extra` variables.
    func start(workers: Int = 1, stageDelay: Duration = .milliseconds(700), extra: [String: String] = [:]) async throws -> Process {
        let port = freePort()
        var environment = stores.serviceEnvironment(role: "CONVERSION")
        environment.merge([
            "HTTP_PORT": String(port), "ARTIFACT_DIR": artifacts, "AUTH_URL": "http://127.0.0.1:\(shared.port("NGINX_INTERNAL_PORT"))/auth",
            "CONVERSION_WORKERS": String(workers), "JOB_LEASE_SECONDS": "3", "LOG_LEVEL": "info",
            "DOWNLOAD_LINK_SECRET": "own-stack-link-secret-\(uniqueSuffix(32))",
            "CONVERSION_STAGE_DELAY_MS": String(stageDelay.components.seconds * 1000 + stageDelay.components.attoseconds / 1_000_000_000_000_000),
        ]) { $1 }
        environment.merge(extra) { $1 }
        let child = try ChildProcess(shared.binDirectory + "/conversion", environment: environment, replaceEnvironment: true)
        let process = Process(child: child, port: port)
        let ready = await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            (try? await client.get(process.url + "/health/live", timeout: .seconds(2), requestID: nil).status) == 200
        }
        try #require(ready, "the conversion process did not start: \(child.output.suffix(2000))")
        return process
    }

    /// A service token for the conversion service, from the shared stack's auth.
    func serviceToken() async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: [
            "client_id": "gateway", "client_secret": shared.value("SERVICE_SECRET_GATEWAY"), "audience": "conversion",
        ])
        let answer = try await client.send(
            "POST", "http://127.0.0.1:\(shared.port("NGINX_INTERNAL_PORT"))/auth/internal/v1/service-tokens",
            headers: [("Content-Type", "application/json")], body: Array(body), timeout: .seconds(10))
        let json = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        return try #require(json?["access_token"] as? String, "no service token: \(String(decoding: answer.body, as: UTF8.self))")
    }

    /// A call as the gateway would make it for this stack's user.
    func call(_ method: String, _ process: Process, _ path: String, token: String, headers: [(name: String, value: String)] = [],
              body: [UInt8]? = nil, roles: String = "user") async throws -> InternalHTTPClient.Exchange {
        let all = headers + [
            ("Authorization", "Bearer \(token)"), ("X-User-ID", user.uuidString.lowercased()),
            ("X-User-Permissions", "conversions:create,conversions:read"), ("X-User-Roles", roles),
        ]
        return try await client.send(method, process.url + "/internal/v1/conversions" + path, headers: all, body: body, timeout: .seconds(30))
    }

    /// A jar of this run's own (never answered from a cache), `padding` bytes larger.
    static func uniqueJar(padding: Int = 0) -> Data {
        let fixture = FixtureMod.fabric120
        let filler = Data((0..<padding).map { _ in UInt8.random(in: 0...255) })
        return FixtureMod(name: fixture.name, files: fixture.files + [("META-INF/run-\(uniqueSuffix()).txt", Data("run".utf8) + filler)],
                          expected: fixture.expected).jar
    }

    /// Uploads `jar` as a caller with `roles`; the answer.
    func post(_ jar: Data, to process: Process, token: String, roles: String = "user") async throws -> InternalHTTPClient.Exchange {
        let (type, body) = ConversionFlowTests.multipart(jar)
        return try await call("POST", process, "", token: token, headers: [("Content-Type", type)], body: body, roles: roles)
    }

    /// Uploads a jar of this run's own; the conversion's id.
    func upload(to process: Process, token: String) async throws -> String {
        let answer = try await post(Self.uniqueJar(), to: process, token: token)
        try #require(answer.status == 202, "\(String(decoding: answer.body, as: UTF8.self))")
        let json = try JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]
        return try #require(json?["id"] as? String)
    }

    /// The conversion as `GET` answers it.
    func status(_ id: String, at process: Process, token: String) async throws -> [String: Any] {
        let answer = try await call("GET", process, "/\(id)", token: token)
        return (try? JSONSerialization.jsonObject(with: Data(answer.body)) as? [String: Any]) ?? [:]
    }

    /// One column of the conversion's job row (read as the database owner).
    func job(_ id: String, _ column: String) async throws -> String? {
        try await stores.sql("SELECT \(column) FROM conversion_jobs WHERE conversion_id = '\(id)'").first
    }

    /// The events kept in the conversion's history on Redis, oldest first.
    func history(_ id: String) async throws -> [[String: Any]] {
        try await stores.redis(["LRANGE", "conversion:\(id):events", "0", "-1"]).compactMap { line in
            try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }

    /// The types of those events.
    func historyTypes(_ id: String) async throws -> [String] { try await history(id).compactMap { $0["type"] as? String } }

    /// The stages of those events.
    func historyStages(_ id: String) async throws -> [String] { try await history(id).compactMap { $0["stage"] as? String } }
}

