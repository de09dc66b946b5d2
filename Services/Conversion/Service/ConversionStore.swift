import Contracts
import Foundation
import Logging
import PostgresNIO
import Tracing

/// The conversion service's rows, every query under row-level security: user work runs as the
/// user (`app.user_id`, `app.role` = `user` or `admin`), queue work as `app.role` = `worker`.
public struct ConversionStore: Sendable {
    let postgres: PostgresClient
    let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// Runs `body` in one transaction as `user` (nil for none) with `role`. A transaction the server
    /// chose as a deadlock victim (or failed to serialize) rolled back whole, so it runs again, up to
    /// three times; every writer locks a job's row before its conversion's, so this stays rare.
    func transaction<Result: Sendable>(user: UUID?, role: RowScope, _ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        try await withSpan("postgres transaction", ofKind: .client) { span in
            span.attributes["db.system"] = "postgresql"
            span.attributes["app.role"] = role.rawValue
            return try await retryingTransaction(user: user, role: role, body)
        }
    }

    private func retryingTransaction<Result: Sendable>(user: UUID?, role: RowScope, _ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        var attempt = 1
        while true {
            do {
                return try await postgres.withTransaction(logger: logger) { connection in
                    try await connection.query(
                        "SELECT set_config('app.user_id', \(user?.uuidString.lowercased() ?? ""), true), set_config('app.role', \(role), true)",
                        logger: logger)
                    return try await body(connection)
                }
            } catch let error as PostgresTransactionError where attempt < 3 && Self.isRetryable(error) {
                logger.warning("transaction retried", metadata: ["attempt": "\(attempt)", "sql_state": "\(Self.sqlState(error) ?? "")"])
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int.random(in: 5...25) * attempt))
            }
        }
    }

    /// The SQLSTATE a transaction's body failed with, if the server sent one.
    static func sqlState(_ error: PostgresTransactionError) -> String? {
        (error.closureError as? PSQLError)?.serverInfo?[.sqlState]
    }

    /// Deadlock victim (40P01) or serialization failure (40001): safe to run again from the start.
    static func isRetryable(_ error: PostgresTransactionError) -> Bool {
        ["40P01", "40001"].contains(sqlState(error))
    }

    /// One conversion as its owner sees it.
    public struct Record: Sendable {
        public var id: UUID
        public var owner: UUID
        public var status: ConversionStatus
        public var stage: ProgressStage
        public var percent: Int
        public var message: String
        public var fileName: String
        public var uploadSHA256: String?
        public var uploadSize: Int64?
        public var options: String
        public var cacheKey: String?
        public var fromCache: Bool
        public var summary: String?
        public var errorCode: String?
        public var errorMessage: String?
        public var createdAt: Date
        public var startedAt: Date?
        public var finishedAt: Date?
    }

    static let columns = """
        id, owner_id, status, stage, percent, message, file_name, upload_sha256, upload_size, options::text, cache_key, from_cache,
        summary::text, error_code, error_message, created_at, started_at, finished_at
        """

    static func records(_ rows: PostgresRowSequence) async throws -> [Record] {
        var records: [Record] = []
        for try await row in rows {
            let r = try row.decode((UUID, UUID, ConversionStatus, ProgressStage, Int, String, String, String?, Int64?, String, String?, Bool, String?, String?, String?, Date, Date?, Date?).self)
            records.append(Record(
                id: r.0, owner: r.1, status: r.2, stage: r.3, percent: r.4, message: r.5, fileName: r.6, uploadSHA256: r.7, uploadSize: r.8,
                options: r.9, cacheKey: r.10, fromCache: r.11, summary: r.12, errorCode: r.13, errorMessage: r.14, createdAt: r.15,
                startedAt: r.16, finishedAt: r.17))
        }
        return records
    }

    // MARK: - Users

    /// A new queued conversion and its job, in one transaction; `beforeCommit` runs inside it (so
    /// the `queued` event goes out before any worker can lease the job).
    public func enqueue(owner: UUID, fileName: String, sha256: String, size: Int64, options: String, cacheKey: String, maxAttempts: Int,
                        expiresAt: Date, dailyLimit: Int?, beforeCommit: @escaping @Sendable (UUID) async -> Void = { _ in }) async throws -> UUID {
        try await transaction(user: owner, role: .user) { connection in
            try await Self.countUpload(owner, limit: dailyLimit, on: connection, logger: logger)
            let rows = try await connection.query(
                """
                INSERT INTO conversions (owner_id, file_name, upload_sha256, upload_size, options, cache_key, expires_at)
                VALUES (\(owner), \(fileName), \(sha256), \(size), \(options)::jsonb, \(cacheKey), \(expiresAt)) RETURNING id
                """, logger: logger)
            var id: UUID?
            for try await value in rows.decode(UUID.self) { id = value }
            guard let id else { throw StoreError("the conversion row was not created") }
            try await connection.query(
                "INSERT INTO conversion_jobs (conversion_id, owner_id, max_attempts) VALUES (\(id), \(owner), \(maxAttempts))", logger: logger)
            await beforeCommit(id)
            return id
        }
    }

    /// A completed conversion answered from the result cache.
    public func completeFromCache(owner: UUID, fileName: String, sha256: String, size: Int64, options: String, cacheKey: String,
                                  summary: String, expiresAt: Date, dailyLimit: Int?) async throws -> UUID {
        try await transaction(user: owner, role: .user) { connection in
            try await Self.countUpload(owner, limit: dailyLimit, on: connection, logger: logger)
            let rows = try await connection.query(
                """
                INSERT INTO conversions (owner_id, file_name, upload_sha256, upload_size, options, cache_key, from_cache, summary, status, stage,
                                         percent, message, started_at, finished_at, expires_at)
                VALUES (\(owner), \(fileName), \(sha256), \(size), \(options)::jsonb, \(cacheKey), true, \(summary)::jsonb, 'completed',
                        'completed', 100, 'answered from the result cache', now(), now(), \(expiresAt))
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(UUID.self) { return id }
            throw StoreError("the conversion row was not created")
        }
    }

    /// Counts one upload against today's (UTC) quota of `owner`, in the caller's transaction.
    /// - Throws: ``QuotaExceeded`` when `limit` is already reached (the transaction then rolls
    ///   back, so the refused upload is not counted).
    static func countUpload(_ owner: UUID, limit: Int?, on connection: PostgresConnection, logger: Logger) async throws {
        let rows = try await connection.query(
            """
            INSERT INTO conversion_daily_usage (owner_id, day, uploads) VALUES (\(owner), (now() AT TIME ZONE 'UTC')::date, 1)
            ON CONFLICT (owner_id, day) DO UPDATE SET uploads = conversion_daily_usage.uploads + 1 RETURNING uploads
            """, logger: logger)
        for try await uploads in rows.decode(Int.self) {
            if let limit, uploads > limit { throw QuotaExceeded(limit: limit) }
        }
    }

    /// Uploads `owner` made today (UTC).
    public func uploadsToday(_ owner: UUID) async throws -> Int {
        try await transaction(user: owner, role: .user) { connection in
            let rows = try await connection.query(
                "SELECT uploads FROM conversion_daily_usage WHERE owner_id = \(owner) AND day = (now() AT TIME ZONE 'UTC')::date", logger: logger)
            for try await uploads in rows.decode(Int.self) { return uploads }
            return 0
        }
    }

    /// How many queued jobs are ahead of `id` (counted across users: system work).
    public func queuePosition(_ id: UUID) async throws -> Int {
        try await transaction(user: nil, role: .worker) { connection in
            let rows = try await connection.query(
                """
                SELECT count(*) FROM conversion_jobs
                WHERE state = 'queued' AND created_at <= (SELECT created_at FROM conversion_jobs WHERE conversion_id = \(id))
                """, logger: logger)
            for try await count in rows.decode(Int.self) { return count }
            return 0
        }
    }

    /// The result cache's summary for `key`, if a live entry exists.
    public func cachedSummary(_ key: String) async throws -> String? {
        let rows = try await postgres.query(
            "SELECT summary::text FROM conversion_results WHERE cache_key = \(key) AND expires_at > now()", logger: logger)
        for try await summary in rows.decode(String.self) { return summary }
        return nil
    }

    /// One conversion, if `user` may see it (`admin`: any).
    public func conversion(_ id: UUID, user: UUID, admin: Bool) async throws -> Record? {
        try await transaction(user: user, role: admin ? .admin : .user) { connection in
            try await Self.records(connection.query("SELECT \(unescaped: Self.columns) FROM conversions WHERE id = \(id)", logger: logger)).first
        }
    }

    /// The latest saved version of the conversion's edited add-on (0: none, the converted one).
    public func savedVersion(_ id: UUID, user: UUID, admin: Bool) async throws -> Int {
        try await transaction(user: user, role: admin ? .admin : .user) { connection in
            for try await version in try await connection.query("SELECT version FROM documents WHERE conversion_id = \(id)", logger: logger).decode(Int.self) {
                return version
            }
            return 0
        }
    }

    /// A page of `user`'s conversions, newest first, with the total (the status filter applies
    /// before paging).
    public func list(user: UUID, status: ConversionStatus?, offset: Int, limit: Int) async throws -> (items: [Record], total: Int) {
        try await transaction(user: user, role: .user) { connection in
            let items = try await Self.records(connection.query(
                """
                SELECT \(unescaped: Self.columns) FROM conversions
                WHERE owner_id = \(user) AND (\(status)::text IS NULL OR status = \(status))
                ORDER BY created_at DESC, id DESC OFFSET \(offset) LIMIT \(limit)
                """, logger: logger))
            let counted = try await connection.query(
                "SELECT count(*) FROM conversions WHERE owner_id = \(user) AND (\(status)::text IS NULL OR status = \(status))", logger: logger)
            var total = 0
            for try await count in counted.decode(Int.self) { total = count }
            return (items, total)
        }
    }

    /// What a cancel or delete request did.
    public enum Removal: Sendable { case cancelled, deleted, notFound }

    /// Cancels a queued or running conversion (its job stops being leased; a running worker sees
    /// the request at its next check), or deletes a finished one.
    public func cancelOrDelete(_ id: UUID, user: UUID) async throws -> (Removal, sha256: String?) {
        try await transaction(user: user, role: .user) { connection in
            // Lock order as the workers take it (the job's row, then the conversion's); the other
            // order deadlocks with a worker completing the job at the same moment.
            let job = try await connection.query("SELECT 1 FROM conversion_jobs WHERE conversion_id = \(id) FOR UPDATE", logger: logger)
            for try await _ in job.decode(Int.self) {}
            let cancelled = try await connection.query(
                """
                UPDATE conversions SET status = 'cancelled', stage = 'cancelled', message = 'cancelled by the user', finished_at = now(),
                    updated_at = now()
                WHERE id = \(id) AND status IN ('queued', 'running') RETURNING id
                """, logger: logger)
            for try await _ in cancelled.decode(UUID.self) {
                try await connection.query(
                    "UPDATE conversion_jobs SET cancel_requested = true, state = CASE WHEN state = 'queued' THEN 'done' ELSE state END WHERE conversion_id = \(id)",
                    logger: logger)
                return (.cancelled, nil)
            }
            let deleted = try await connection.query("DELETE FROM conversions WHERE id = \(id) RETURNING upload_sha256", logger: logger)
            for try await sha in deleted.decode(String?.self) { return (.deleted, sha) }
            return (.notFound, nil)
        }
    }

    /// Whether any conversion still refers to an upload (system work).
    public func uploadReferenced(_ sha256: String) async throws -> Bool {
        try await transaction(user: nil, role: .worker) { connection in
            let rows = try await connection.query("SELECT 1 FROM conversions WHERE upload_sha256 = \(sha256) LIMIT 1", logger: logger)
            for try await _ in rows.decode(Int.self) { return true }
            return false
        }
    }

    /// Which of `shas` some conversion still refers to (system work: the sweep of orphaned uploads).
    public func referencedUploads(_ shas: [String]) async throws -> Set<String> {
        try await transaction(user: nil, role: .worker) { connection in
            let rows = try await connection.query(
                "SELECT DISTINCT upload_sha256 FROM conversions WHERE upload_sha256 = ANY(\(shas))", logger: logger)
            var found: Set<String> = []
            for try await sha in rows.decode(String.self) { found.insert(sha) }
            return found
        }
    }

    /// Deletes expired conversions and past days' upload counts (system work); the conversions'
    /// uploads' digests.
    public func deleteExpired(limit: Int = 500) async throws -> [String] {
        try await transaction(user: nil, role: .worker) { connection in
            try await connection.query("DELETE FROM conversion_daily_usage WHERE day < (now() AT TIME ZONE 'UTC')::date - 1", logger: logger)
            let rows = try await connection.query(
                """
                DELETE FROM conversions WHERE id IN (
                    SELECT id FROM conversions WHERE expires_at < now() AND status IN ('completed', 'failed', 'cancelled') LIMIT \(limit))
                RETURNING upload_sha256
                """, logger: logger)
            var shas: [String] = []
            for try await sha in rows.decode(String?.self) { if let sha { shas.append(sha) } }
            return shas
        }
    }
}

/// The caller's daily conversion quota is used up.
public struct QuotaExceeded: Error, Sendable {
    public let limit: Int
}

/// A write the database did not confirm.
struct StoreError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
