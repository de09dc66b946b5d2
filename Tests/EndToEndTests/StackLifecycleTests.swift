import Contracts
import Foundation
import Testing
import TestSupport

/// `scripts/stack.sh` itself: a second stack, in its own folder and at its own port offset, is
/// brought up, answers through nginx, and is taken down leaving no process behind.
@Suite("Stack lifecycle")
struct StackLifecycleTests {
    @Test func upThenDownLeavesNothingRunning() async throws {
        await TurnLock.stacks.acquire()
        defer { Task { await TurnLock.stacks.release() } }
        let stack = try LocalStack.current()
        let root = LocalStack.repositoryRoot
        let folder = NSTemporaryDirectory() + "modporter-stack-" + uniqueSuffix()
        let offset = 2000
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let environment = [
            "STACK_DIR": folder, "STACK_PORT_OFFSET": String(offset), "BIN_DIR": stack.binDirectory,
            "STACK_PG_FSYNC": "off",
        ]

        let up = try ChildProcess("/bin/bash", [root + "/scripts/stack.sh", "up"], environment: environment)
        let upStatus = await up.waitForExit(timeout: .seconds(300))
        let down = { () async throws -> ChildProcess in
            let child = try ChildProcess("/bin/bash", [root + "/scripts/stack.sh", "down"], environment: environment)
            _ = await child.waitForExit(timeout: .seconds(120))
            return child
        }
        guard upStatus == 0 else {
            // The stores' own logs say why (the folder goes when the test ends).
            let logs = ["postgres.log", "redis.log"].map { name in
                "\(name): " + ((try? String(contentsOfFile: folder + "/logs/" + name, encoding: .utf8)) ?? "none").suffix(1_500)
            }
            _ = try await down()
            Issue.record("stack.sh up failed: \(up.output)\n\(logs.joined(separator: "\n"))")
            return
        }

        let health = try await get("http://127.0.0.1:\(8080 + offset)/api/v1/health")
        #expect(health.status == 200)
        #expect(try health.json(PlatformHealth.self).services.count == 10)

        let pids = try processIDs(in: folder)
        #expect(pids.count >= 14, "services, nginx, prometheus, redis, postgres: \(pids)")
        #expect(pids.allSatisfy(isProcessAlive))

        let stopped = try await down()
        #expect(stopped.exitStatus == 0, "\(stopped.output)")
        let survivors = pids.filter(isProcessAlive)
        #expect(survivors.isEmpty, "still running: \(survivors)")
    }

    /// Every pid the stack recorded: the supervisor and what it runs (services, Prometheus, …),
    /// nginx, Redis and the postmaster.
    func processIDs(in folder: String) throws -> [Int32] {
        var files = try FileManager.default.contentsOfDirectory(atPath: folder + "/pids").map { folder + "/pids/" + $0 }
        files += [folder + "/nginx/nginx.pid", folder + "/redis/redis.pid", folder + "/pg/data/postmaster.pid", folder + "/supervisor/supervisord.pid"]
        return files.compactMap { path in
            (try? String(contentsOfFile: path, encoding: .utf8))?.split(separator: "\n").first.flatMap { Int32($0) }
        }
    }
}
