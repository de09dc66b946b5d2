import Foundation
import Testing
import TestSupport

/// The service executables as an operator runs them: configuration errors, unreachable
/// dependencies, SIGTERM.
@Suite("Service processes")
struct ProcessLifecycleTests {
    let stack = try! LocalStack.current()

    func binary(_ name: String) -> String { stack.binDirectory + "/" + name }

    @Test func aMissingVariableEndsTheProcessWithOneLineNamingIt() async throws {
        let result = try await runProcess(
            binary("auth"), environment: ["HTTP_PORT": "1", "POSTGRES_USER": "x", "POSTGRES_PASSWORD": "x"], replaceEnvironment: true)
        #expect(result.status == 2)
        #expect(result.stderr == "auth: configuration error: POSTGRES_DB is required but not set\n")
    }

    @Test func aMalformedVariableEndsTheProcessWithOneLine() async throws {
        let result = try await runProcess(binary("gateway"), environment: ["HTTP_PORT": "http"], replaceEnvironment: true)
        #expect(result.status == 2)
        #expect(result.stderr.hasPrefix("gateway: configuration error: HTTP_PORT must be an integer"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func anUnreachableDatabaseAtStartEndsTheProcessWithOneLine() async throws {
        let result = try await runProcess(
            binary("conversion"),
            environment: [
                "HTTP_PORT": String(freePort()), "POSTGRES_PORT": "1", "POSTGRES_DB": "x", "POSTGRES_USER": "x",
                "POSTGRES_PASSWORD": "x", "REDIS_PORT": String(stack.port("REDIS_PORT")),
                "REDIS_PASSWORD": stack.value("REDIS_PASSWORD"), "STARTUP_TIMEOUT_SECONDS": "1", "LOG_LEVEL": "critical",
                "ARTIFACT_DIR": FileManager.default.temporaryDirectory.appendingPathComponent("artifacts-\(uniqueSuffix())").path,
                "AUTH_URL": "http://127.0.0.1:1", "DOWNLOAD_LINK_SECRET": String(repeating: "k", count: 32),
            ],
            replaceEnvironment: true, timeout: .seconds(60))
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("conversion: startup failed: postgres unreachable"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func sigtermStopsAServiceCleanly() async throws {
        let port = freePort()
        let child = try ChildProcess(
            binary("realtime"),
            environment: [
                "HTTP_PORT": String(port), "REDIS_PORT": String(stack.port("REDIS_PORT")), "REDIS_PASSWORD": stack.value("REDIS_PASSWORD"),
                // Asked only when a socket authenticates or subscribes; none does here.
                "AUTH_URL": "http://127.0.0.1:1/auth", "CONVERSION_URL": "http://127.0.0.1:1/conversion",
                "SERVICE_CLIENT_SECRET": String(repeating: "s", count: 32),
            ],
            replaceEnvironment: true)
        let ready = await eventually(timeout: .seconds(30), every: .milliseconds(100)) {
            (try? await get("http://127.0.0.1:\(port)/health/ready").status) == 200
        }
        #expect(ready, "\(child.output)")
        let missing = try await get("http://127.0.0.1:\(port)/no/such/route", headers: [("X-Request-ID", "e2e-log-1")])
        #expect(missing.status == 404)
        // The request's log line carries its id.
        #expect(await eventually { child.output.contains(#""request_id":"e2e-log-1""#) && child.output.contains(#""status":"404""#) })
        child.signal(SIGTERM)
        let status = await child.waitForExit(timeout: .seconds(15))
        #expect(status == 0, "\(child.output)")
        #expect(child.output.contains("\"message\":\"stopped\""))
        // Every line the service printed is one JSON object.
        for line in child.output.split(separator: "\n") {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) != nil, "not JSON: \(line)")
        }
    }
}
