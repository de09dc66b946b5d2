import Foundation
import InternalHTTP
import Testing
import TestSupport

/// The queue's promises under failure, each on a stack of its own (``OwnConversionStack``): a worker
/// killed mid-job, Redis stopped, PostgreSQL restarted, a cancel while queued or mid-stage, and a
/// cancel racing a worker's completion.
@Suite("conversion: crashes, store outages and cancels")
struct ConversionResilienceTests {
    /// Waits until the conversion is finished; its last `GET` answer.
    static func finished(_ id: String, _ stack: OwnConversionStack, at process: OwnConversionStack.Process, token: String,
                         timeout: Duration = .seconds(60)) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        let done = try await eventually(timeout: timeout, every: .milliseconds(200)) {
            last = try await stack.status(id, at: process, token: token)
            return ["completed", "failed", "cancelled"].contains(last["status"] as? String ?? "")
        }
        try #require(done, "the conversion did not finish: \(last)")
        return last
    }

    /// Waits until the conversion's row has reached one of `stages`.
    static func reached(_ stages: Set<String>, _ id: String, _ stack: OwnConversionStack, at process: OwnConversionStack.Process,
                        token: String) async throws {
        var stage = ""
        let reached = try await eventually(timeout: .seconds(30), every: .milliseconds(50)) {
            stage = try await stack.status(id, at: process, token: token)["stage"] as? String ?? ""
            return stages.contains(stage)
        }
        try #require(reached, "stuck at \(stage)")
    }

    @Test func aWorkerKilledMidJobLeavesTheJobToAnotherProcessAndItCompletesExactlyOnce() async throws {
        try await OwnConversionStack.with { stack in
            let token = try await stack.serviceToken()
            let first = try await stack.start()
            let id = try await stack.upload(to: first, token: token)
            try await Self.reached(["planning", "converting"], id, stack, at: first, token: token)
            first.child.signal(SIGKILL)
            #expect(await first.child.waitForExit(timeout: .seconds(10)) != nil)

            // Another replica takes the job once the dead worker's lease (3 s) expires.
            let second = try await stack.start()
            let last = try await Self.finished(id, stack, at: second, token: token)
            #expect(last["status"] as? String == "completed", "\(last)")
            #expect(try await stack.job(id, "attempts") == "2")
            #expect(try await stack.job(id, "state") == "done")
            #expect(try await stack.stores.sql("SELECT count(*) FROM conversion_results").first == "1")
            #expect(try await stack.historyTypes(id).filter { $0 == "completed" }.count == 1)
            let metrics = try await stack.client.get(second.url + "/metrics", timeout: .seconds(5), requestID: nil)
            let expirations = String(decoding: metrics.body, as: UTF8.self).split(separator: "\n")
                .first { $0.hasPrefix("job_lease_expirations_total ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
            #expect(expirations == 1)
        }
    }

    @Test func withRedisStoppedConversionsCompleteAndProgressResumesWhenRedisReturns() async throws {
        try await OwnConversionStack.with { stack in
            let token = try await stack.serviceToken()
            let process = try await stack.start()

            // Redis stops mid-job: the conversion completes all the same and GET shows it.
            let first = try await stack.upload(to: process, token: token)
            try await Self.reached(["analyzing", "planning"], first, stack, at: process, token: token)
            try await stack.stores.run("stop-redis")
            let completed = try await Self.finished(first, stack, at: process, token: token)
            #expect(completed["status"] as? String == "completed", "\(completed)")

            // Uploaded while Redis is down; Redis returns mid-job: the later stages are published.
            let second = try await stack.upload(to: process, token: token)
            try await Self.reached(["planning", "converting"], second, stack, at: process, token: token)
            try await stack.stores.run("start-redis")
            let after = try await Self.finished(second, stack, at: process, token: token)
            #expect(after["status"] as? String == "completed", "\(after)")
            let published = await eventually(timeout: .seconds(10)) { (try? await stack.historyTypes(second))?.contains("completed") == true }
            #expect(published)
            let stages = try await stack.historyStages(second)
            #expect(Array(stages.suffix(2)) == ["validating", "completed"], "\(stages)")
        }
    }

    @Test func afterPostgreSQLRestartsTheWorkersReconnectAndCarryOn() async throws {
        try await OwnConversionStack.with { stack in
            let token = try await stack.serviceToken()
            let process = try await stack.start()
            let first = try await stack.upload(to: process, token: token)
            try await Self.reached(["planning", "converting"], first, stack, at: process, token: token)
            try await stack.stores.run("restart-postgres")

            let last = try await Self.finished(first, stack, at: process, token: token)
            #expect(last["status"] as? String == "completed", "\(last)")
            #expect(try await stack.historyTypes(first).filter { $0 == "completed" }.count == 1)
            let second = try await stack.upload(to: process, token: token)
            #expect(try await Self.finished(second, stack, at: process, token: token)["status"] as? String == "completed")
            let ready = try await stack.client.get(process.url + "/health/ready", timeout: .seconds(5), requestID: nil)
            #expect(ready.status == 200)
        }
    }

    @Test func aQueuedJobIsCancelledAtOnceAndARunningOneStopsWithinASecond() async throws {
        try await OwnConversionStack.with { stack in
            let token = try await stack.serviceToken()
            // One worker and long stages: the second upload waits in the queue behind the first.
            let process = try await stack.start(workers: 1, stageDelay: .seconds(2))
            let running = try await stack.upload(to: process, token: token)
            let queued = try await stack.upload(to: process, token: token)
            try await Self.reached(["planning"], running, stack, at: process, token: token)

            #expect(try await stack.call("DELETE", process, "/\(queued)", token: token).status == 202)
            #expect(try await stack.job(queued, "state") == "done")
            #expect(try await stack.status(queued, at: process, token: token)["status"] as? String == "cancelled")

            #expect(try await stack.call("DELETE", process, "/\(running)", token: token).status == 202)
            let stopped = try await eventually(timeout: .seconds(1), every: .milliseconds(20)) { try await stack.job(running, "state") == "done" }
            #expect(stopped, "the running job was not ended within a second")
            #expect(try await stack.status(running, at: process, token: token)["status"] as? String == "cancelled")
            #expect(try await stack.historyTypes(running).filter { $0 == "cancelled" }.count == 1)
            #expect(try await !stack.historyTypes(running).contains("completed"))

            // The worker is free for the next job.
            let next = try await stack.upload(to: process, token: token)
            try await Self.reached(["analyzing", "planning"], next, stack, at: process, token: token)
        }
    }

    @Test func aBacklogIsDrainedWithEveryJobLeasedOnce() async throws {
        try await OwnConversionStack.with { stack in
            let token = try await stack.serviceToken()
            // A queue table with history (the planner then joins differently), jobs piling up behind
            // an API-only replica, then two replicas draining them while more arrive.
            let user = stack.user.uuidString.lowercased()
            _ = try await stack.stores.sql("""
                INSERT INTO conversions (owner_id, status, stage) SELECT '\(user)', 'completed', 'completed' FROM generate_series(1, 300);
                INSERT INTO conversion_jobs (conversion_id, owner_id, state) SELECT id, owner_id, 'done' FROM conversions;
                ANALYZE conversion_jobs
                """)
            let api = try await stack.start(workers: 0, stageDelay: .zero)
            var ids: [String] = []
            for _ in 0..<6 { ids.append(try await stack.upload(to: api, token: token)) }
            let first = try await stack.start(workers: 2, stageDelay: .zero)
            let second = try await stack.start(workers: 2, stageDelay: .zero)
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<10 { group.addTask { try await stack.upload(to: api, token: token) } }
                for try await id in group { ids.append(id) }
            }
            for id in ids {
                #expect(try await Self.finished(id, stack, at: api, token: token)["status"] as? String == "completed")
            }
            let attempts = try await stack.stores.sql("SELECT attempts, count(*) FROM conversion_jobs WHERE state = 'done' AND attempts > 0 GROUP BY attempts")
            #expect(attempts == ["1|16"], "every job leased once: \(attempts)")
            #expect(first.child.isRunning && second.child.isRunning)
        }
    }

    @Test func cancelsRacingTheWorkersNeverFail() async throws {
        try await OwnConversionStack.with { stack in
            let token = try await stack.serviceToken()
            let process = try await stack.start(workers: 2, stageDelay: .zero)
            var statuses: [Int] = []
            for round in 0..<24 {
                let id = try await stack.upload(to: process, token: token)
                // Spread the cancels over the job's life: at once (queued), once a worker has it, and
                // as it finishes — the moment a worker completes the job under the cancel's feet.
                let moments: [Set<String>] = [[], ["analyzing", "planning", "converting", "packaging", "validating", "completed"],
                                              ["packaging", "validating", "completed"]]
                if !moments[round % 3].isEmpty {
                    _ = try await eventually(timeout: .seconds(10), every: .milliseconds(5)) {
                        moments[round % 3].contains(try await stack.status(id, at: process, token: token)["stage"] as? String ?? "")
                    }
                }
                statuses.append(try await stack.call("DELETE", process, "/\(id)", token: token).status)
            }
            #expect(statuses.allSatisfy { $0 == 202 || $0 == 204 }, "\(statuses)")
        }
    }
}
