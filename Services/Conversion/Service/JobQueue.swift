import Contracts
import Foundation
import Logging
import PostgresNIO

/// The durable queue in PostgreSQL, as the workers use it (`app.role` = `worker`): a job is leased
/// with `FOR UPDATE SKIP LOCKED` (so workers on every replica never take the same one), its lease
/// is extended while it runs, and a lease that expires — its worker died — makes the job
/// leasable again. Every write a worker makes is guarded by its lease: a worker that lost its job
/// changes nothing, so a conversion completes exactly once.
public struct JobQueue: Sendable {
    let store: ConversionStore

    public init(store: ConversionStore) {
        self.store = store
    }

    /// A leased job.
    public struct Lease: Sendable {
        public let conversion: UUID
        public let owner: UUID
        public let attempt: Int
        public let maxAttempts: Int
        /// The lease had expired under another worker (counted in `job_lease_expirations_total`).
        public let expiredLease: Bool
        public let sha256: String
        public let options: String
        /// The result-cache key computed at upload (from the canonical options text).
        public let cacheKey: String
    }

    /// Leases the next ready job for `worker`, if any.
    public func lease(worker: String, for duration: Duration) async throws -> Lease? {
        try await store.transaction(user: nil, role: .worker) { connection in
            let seconds = Double(duration.components.seconds)
            // The candidate is chosen once, in a materialized CTE: as a FROM subquery the planner may
            // evaluate it again while updating, and one statement then leased several jobs.
            let rows = try await connection.query(
                """
                WITH next AS MATERIALIZED (
                    SELECT conversion_id, state = 'leased' AS expired FROM conversion_jobs
                    WHERE NOT cancel_requested AND ((state = 'queued' AND run_after <= now()) OR (state = 'leased' AND lease_expires_at < now()))
                    ORDER BY run_after, created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                UPDATE conversion_jobs j SET state = 'leased', lease_owner = \(worker), attempts = j.attempts + 1,
                    lease_expires_at = now() + make_interval(secs => \(seconds))
                FROM next WHERE j.conversion_id = next.conversion_id
                RETURNING j.conversion_id, j.owner_id, j.attempts, j.max_attempts, next.expired
                """, logger: store.logger)
            var leased: (UUID, UUID, Int, Int, Bool)?
            for try await row in rows.decode((UUID, UUID, Int, Int, Bool).self) {
                guard leased == nil else { throw StoreError("one lease statement took several jobs") }
                leased = row
            }
            guard let leased else { return nil }
            let details = try await connection.query(
                """
                UPDATE conversions SET status = 'running', started_at = COALESCE(started_at, now()), updated_at = now()
                WHERE id = \(leased.0) AND status IN ('queued', 'running') RETURNING upload_sha256, options::text, cache_key
                """, logger: store.logger)
            for try await (sha, options, key) in details.decode((String?, String, String?).self) {
                guard let sha, let key else { break }
                return Lease(conversion: leased.0, owner: leased.1, attempt: leased.2, maxAttempts: leased.3, expiredLease: leased.4, sha256: sha,
                             options: options, cacheKey: key)
            }
            // The conversion was cancelled or is gone: the job is done.
            try await connection.query("UPDATE conversion_jobs SET state = 'done' WHERE conversion_id = \(leased.0)", logger: store.logger)
            return nil
        }
    }

    /// What a heartbeat learned.
    public enum Beat: Sendable { case held, cancelled, lost }

    /// Extends the lease while the job is `worker`'s; tells whether it was cancelled or lost.
    public func heartbeat(_ conversion: UUID, worker: String, for duration: Duration) async throws -> Beat {
        try await store.transaction(user: nil, role: .worker) { connection in
            let seconds = Double(duration.components.seconds)
            let rows = try await connection.query(
                """
                UPDATE conversion_jobs SET lease_expires_at = now() + make_interval(secs => \(seconds))
                WHERE conversion_id = \(conversion) AND lease_owner = \(worker) AND state = 'leased' RETURNING cancel_requested
                """, logger: store.logger)
            for try await cancelled in rows.decode(Bool.self) { return cancelled ? .cancelled : .held }
            return .lost
        }
    }

    /// Records a stage reached, while the job is `worker`'s.
    public func progress(_ conversion: UUID, worker: String, stage: ProgressStage, percent: Int, message: String) async throws {
        try await store.transaction(user: nil, role: .worker) { connection in
            try await connection.query(
                """
                UPDATE conversions c SET stage = \(stage), percent = \(percent), message = \(message), updated_at = now()
                FROM conversion_jobs j
                WHERE c.id = \(conversion) AND j.conversion_id = c.id AND j.lease_owner = \(worker) AND j.state = 'leased' AND c.status = 'running'
                """, logger: store.logger)
        }
    }

    /// Completes the conversion and its job, if the job is still `worker`'s and the conversion still
    /// running; records the result in the cache. - Returns: whether this call completed it.
    public func complete(_ conversion: UUID, worker: String, cacheKey: String, summary: String, resultSHA256: String, resultSize: Int64,
                         report: String, cacheExpiry: Date) async throws -> Bool {
        try await store.transaction(user: nil, role: .worker) { connection in
            let job = try await connection.query(
                """
                UPDATE conversion_jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL
                WHERE conversion_id = \(conversion) AND lease_owner = \(worker) AND state = 'leased' RETURNING conversion_id
                """, logger: store.logger)
            var held = false
            for try await _ in job.decode(UUID.self) { held = true }
            guard held else { return false }
            let row = try await connection.query(
                """
                UPDATE conversions SET status = 'completed', stage = 'completed', percent = 100, message = 'done', summary = \(summary)::jsonb,
                    finished_at = now(), updated_at = now()
                WHERE id = \(conversion) AND status = 'running' RETURNING id
                """, logger: store.logger)
            var completed = false
            for try await _ in row.decode(UUID.self) { completed = true }
            try await connection.query(
                """
                INSERT INTO conversion_results (cache_key, result_sha256, result_size, report, summary, expires_at)
                VALUES (\(cacheKey), \(resultSHA256), \(resultSize), \(report)::jsonb, \(summary)::jsonb, \(cacheExpiry))
                ON CONFLICT (cache_key) DO UPDATE SET expires_at = GREATEST(conversion_results.expires_at, EXCLUDED.expires_at)
                """, logger: store.logger)
            return completed
        }
    }

    /// Fails an attempt: retried after `backoff` while attempts remain and `retry` holds, otherwise
    /// the conversion is `failed` with the reason. - Returns: whether the conversion is now failed.
    public func fail(_ conversion: UUID, worker: String, code: String, message: String, retry: Bool, backoff: Duration) async throws -> Bool {
        try await store.transaction(user: nil, role: .worker) { connection in
            let seconds = Double(backoff.components.seconds)
            let rows = try await connection.query(
                """
                UPDATE conversion_jobs SET
                    state = CASE WHEN \(retry) AND attempts < max_attempts THEN 'queued' ELSE 'done' END,
                    run_after = now() + make_interval(secs => \(seconds)), lease_owner = NULL, lease_expires_at = NULL, last_error = \(message)
                WHERE conversion_id = \(conversion) AND lease_owner = \(worker) AND state = 'leased' RETURNING state
                """, logger: store.logger)
            var state: String?
            for try await value in rows.decode(String.self) { state = value }
            guard state == "done" else {
                if state == "queued" {
                    try await connection.query(
                        "UPDATE conversions SET stage = 'queued', message = \("retrying after: " + message) WHERE id = \(conversion) AND status = 'running'",
                        logger: store.logger)
                }
                return false
            }
            try await connection.query(
                """
                UPDATE conversions SET status = 'failed', stage = 'failed', error_code = \(code), error_message = \(message), message = \(message),
                    finished_at = now(), updated_at = now()
                WHERE id = \(conversion) AND status = 'running'
                """, logger: store.logger)
            return true
        }
    }

    /// Ends a cancelled job that `worker` held: the worker is free at once, the lease is gone.
    public func finishCancelled(_ conversion: UUID, worker: String) async throws {
        try await store.transaction(user: nil, role: .worker) { connection in
            try await connection.query(
                """
                UPDATE conversion_jobs SET state = 'done', lease_owner = NULL, lease_expires_at = NULL
                WHERE conversion_id = \(conversion) AND lease_owner = \(worker) AND state = 'leased'
                """, logger: store.logger)
        }
    }

    /// Jobs waiting (the `job_queue_depth` gauge).
    public func depth() async throws -> Int {
        try await store.transaction(user: nil, role: .worker) { connection in
            let rows = try await connection.query("SELECT count(*) FROM conversion_jobs WHERE state IN ('queued', 'leased')", logger: store.logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }
}
