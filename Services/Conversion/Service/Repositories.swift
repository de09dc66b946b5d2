import Contracts
import Foundation

/// What the conversion routes read and write: conversions as their owners see them, the daily
/// quota, the result cache. ``ConversionStore`` keeps them in PostgreSQL under row-level
/// security; ``InMemoryConversions`` in memory, for unit tests of the main path.
public protocol ConversionRepository: Sendable {
    /// A new queued conversion and its job; `beforeCommit` runs before any worker can lease it.
    /// - Throws: ``QuotaExceeded`` when `dailyLimit` is reached (the upload is then not counted).
    func enqueue(owner: UUID, fileName: String, sha256: String, size: Int64, options: String, cacheKey: String, maxAttempts: Int,
                 expiresAt: Date, dailyLimit: Int?, beforeCommit: @escaping @Sendable (UUID) async -> Void) async throws -> UUID
    /// A conversion completed at once from the result cache (counted against the quota too).
    func completeFromCache(owner: UUID, fileName: String, sha256: String, size: Int64, options: String, cacheKey: String,
                           summary: String, expiresAt: Date, dailyLimit: Int?) async throws -> UUID
    /// Uploads `owner` made today (UTC).
    func uploadsToday(_ owner: UUID) async throws -> Int
    /// How many queued jobs are ahead of `id`, itself included.
    func queuePosition(_ id: UUID) async throws -> Int
    /// The result cache's summary for `key`, if a live entry exists.
    func cachedSummary(_ key: String) async throws -> String?
    /// One conversion, if `user` may see it (`admin`: any).
    func conversion(_ id: UUID, user: UUID, admin: Bool) async throws -> ConversionStore.Record?
    /// The latest saved version of the conversion's edited add-on (0: none).
    func savedVersion(_ id: UUID, user: UUID, admin: Bool) async throws -> Int
    /// A page of `user`'s conversions, newest first, with the total.
    func list(user: UUID, status: ConversionStatus?, offset: Int, limit: Int) async throws -> (items: [ConversionStore.Record], total: Int)
    /// Cancels a queued or running conversion, or deletes a finished one, if it is `user`'s.
    func cancelOrDelete(_ id: UUID, user: UUID) async throws -> (ConversionStore.Removal, sha256: String?)
    /// Whether any conversion still refers to an upload.
    func uploadReferenced(_ sha256: String) async throws -> Bool
}

/// The durable queue as the workers use it: every write is guarded by the worker's lease, so a
/// worker that lost its job changes nothing and a conversion completes exactly once. ``JobQueue``
/// keeps it in PostgreSQL; ``InMemoryConversions`` in memory.
public protocol JobRepository: Sendable {
    /// Leases the next ready job (queued and due, or leased with an expired lease), if any.
    func lease(worker: String, for duration: Duration) async throws -> JobQueue.Lease?
    /// Extends the lease while the job is `worker`'s; tells whether it was cancelled or lost.
    func heartbeat(_ conversion: UUID, worker: String, for duration: Duration) async throws -> JobQueue.Beat
    /// Records a stage reached, while the job is `worker`'s.
    func progress(_ conversion: UUID, worker: String, stage: ProgressStage, percent: Int, message: String) async throws
    /// Completes the conversion and its job and fills the result cache. - Returns: whether this call completed it.
    func complete(_ conversion: UUID, worker: String, cacheKey: String, summary: String, resultSHA256: String, resultSize: Int64,
                  report: String, cacheExpiry: Date) async throws -> Bool
    /// Fails an attempt: queued again after `backoff` while attempts remain and `retry` holds.
    /// - Returns: whether the conversion is now failed.
    func fail(_ conversion: UUID, worker: String, code: String, message: String, retry: Bool, backoff: Duration) async throws -> Bool
    /// Ends a cancelled job `worker` held.
    func finishCancelled(_ conversion: UUID, worker: String) async throws
    /// Jobs waiting or running.
    func depth() async throws -> Int
}

extension ConversionStore: ConversionRepository {}
extension JobQueue: JobRepository {}
