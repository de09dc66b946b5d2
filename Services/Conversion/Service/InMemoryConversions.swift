import Contracts
import Foundation
import Synchronization

/// The conversions, their jobs, the daily quota and the result cache in one process's memory,
/// with the rules the PostgreSQL store keeps: an owner sees only their own conversions, a job is
/// leased by one worker at a time, every worker write is guarded by its lease, a queued job
/// becomes leasable only once `enqueue`'s `beforeCommit` has run. For unit tests of the main path
/// (upload → job → engine → events); nothing here outlives the process.
public final class InMemoryConversions: ConversionRepository, JobRepository, Sendable {
    private enum JobState { case hidden, queued, leased, done }

    private struct Job {
        var owner: UUID
        var state: JobState
        var order: Int
        var attempts = 0
        var maxAttempts: Int
        var runAfter = Date.distantPast
        var leaseOwner: String?
        var leaseExpires: Date?
        var cancelRequested = false
    }

    private struct State {
        var conversions: [UUID: ConversionStore.Record] = [:]
        var jobs: [UUID: Job] = [:]
        var uploads: [String: Int] = [:]
        var results: [String: (summary: String, expires: Date)] = [:]
        var order = 0
    }

    private let state = Mutex(State())

    public init() {}

    // MARK: - ConversionRepository

    public func enqueue(owner: UUID, fileName: String, sha256: String, size: Int64, options: String, cacheKey: String, maxAttempts: Int,
                        expiresAt: Date, dailyLimit: Int?, beforeCommit: @escaping @Sendable (UUID) async -> Void) async throws -> UUID {
        let id = UUID()
        try state.withLock { state in
            try Self.countUpload(owner, limit: dailyLimit, in: &state)
            state.conversions[id] = Self.record(id, owner: owner, fileName: fileName, sha256: sha256, size: size, options: options, cacheKey: cacheKey,
                                                status: .queued, stage: .queued, message: "waiting for a worker")
            state.order += 1
            state.jobs[id] = Job(owner: owner, state: .hidden, order: state.order, maxAttempts: maxAttempts)
        }
        await beforeCommit(id)
        state.withLock { state in
            if state.jobs[id]?.state == .hidden { state.jobs[id]?.state = .queued }
        }
        return id
    }

    public func completeFromCache(owner: UUID, fileName: String, sha256: String, size: Int64, options: String, cacheKey: String,
                                  summary: String, expiresAt: Date, dailyLimit: Int?) async throws -> UUID {
        let id = UUID()
        try state.withLock { state in
            try Self.countUpload(owner, limit: dailyLimit, in: &state)
            var record = Self.record(id, owner: owner, fileName: fileName, sha256: sha256, size: size, options: options, cacheKey: cacheKey,
                                     status: .completed, stage: .completed, message: "answered from the result cache")
            record.percent = 100
            record.fromCache = true
            record.summary = summary
            record.startedAt = record.createdAt
            record.finishedAt = record.createdAt
            state.conversions[id] = record
        }
        return id
    }

    public func uploadsToday(_ owner: UUID) async throws -> Int {
        state.withLock { $0.uploads[Self.dayKey(owner)] ?? 0 }
    }

    public func queuePosition(_ id: UUID) async throws -> Int {
        state.withLock { state in
            guard let order = state.jobs[id]?.order else { return 0 }
            return state.jobs.values.filter { ($0.state == .queued || $0.state == .hidden) && $0.order <= order }.count
        }
    }

    public func cachedSummary(_ key: String) async throws -> String? {
        state.withLock { state in
            state.results[key].flatMap { $0.expires > Date() ? $0.summary : nil }
        }
    }

    public func conversion(_ id: UUID, user: UUID, admin: Bool) async throws -> ConversionStore.Record? {
        state.withLock { state in
            state.conversions[id].flatMap { admin || $0.owner == user ? $0 : nil }
        }
    }

    public func savedVersion(_ id: UUID, user: UUID, admin: Bool) async throws -> Int { 0 }

    public func list(user: UUID, status: ConversionStatus?, offset: Int, limit: Int) async throws -> (items: [ConversionStore.Record], total: Int) {
        state.withLock { state in
            let mine = state.conversions.values
                .filter { $0.owner == user && (status == nil || $0.status == status) }
                .sorted { ($0.createdAt, $0.id.uuidString) > ($1.createdAt, $1.id.uuidString) }
            return (Array(mine.dropFirst(offset).prefix(limit)), mine.count)
        }
    }

    public func cancelOrDelete(_ id: UUID, user: UUID) async throws -> (ConversionStore.Removal, sha256: String?) {
        state.withLock { state in
            guard let record = state.conversions[id], record.owner == user else { return (.notFound, nil) }
            if record.status == .queued || record.status == .running {
                state.conversions[id]?.status = .cancelled
                state.conversions[id]?.stage = .cancelled
                state.conversions[id]?.message = "cancelled by the user"
                state.conversions[id]?.finishedAt = Date()
                state.jobs[id]?.cancelRequested = true
                if state.jobs[id]?.state == .queued { state.jobs[id]?.state = .done }
                return (.cancelled, nil)
            }
            state.conversions[id] = nil
            state.jobs[id] = nil
            return (.deleted, record.uploadSHA256)
        }
    }

    public func uploadReferenced(_ sha256: String) async throws -> Bool {
        state.withLock { $0.conversions.values.contains { $0.uploadSHA256 == sha256 } }
    }

    // MARK: - JobRepository

    public func lease(worker: String, for duration: Duration) async throws -> JobQueue.Lease? {
        state.withLock { state in
            let now = Date()
            let ready = state.jobs.filter { _, job in
                !job.cancelRequested && ((job.state == .queued && job.runAfter <= now) || (job.state == .leased && (job.leaseExpires ?? now) < now))
            }
            guard let (id, job) = ready.min(by: { ($0.value.runAfter, $0.value.order) < ($1.value.runAfter, $1.value.order) }) else { return nil }
            let expired = job.state == .leased
            state.jobs[id]?.state = .leased
            state.jobs[id]?.leaseOwner = worker
            state.jobs[id]?.attempts += 1
            state.jobs[id]?.leaseExpires = now.addingTimeInterval(Self.seconds(duration))
            guard let record = state.conversions[id], record.status == .queued || record.status == .running,
                  let sha = record.uploadSHA256, let key = record.cacheKey else {
                state.jobs[id]?.state = .done
                return nil
            }
            state.conversions[id]?.status = .running
            if record.startedAt == nil { state.conversions[id]?.startedAt = now }
            return JobQueue.Lease(conversion: id, owner: job.owner, attempt: job.attempts + 1, maxAttempts: job.maxAttempts, expiredLease: expired,
                                  sha256: sha, options: record.options, cacheKey: key)
        }
    }

    public func heartbeat(_ conversion: UUID, worker: String, for duration: Duration) async throws -> JobQueue.Beat {
        state.withLock { state in
            guard Self.holds(worker, conversion, state) else { return .lost }
            state.jobs[conversion]?.leaseExpires = Date().addingTimeInterval(Self.seconds(duration))
            return state.jobs[conversion]?.cancelRequested == true ? .cancelled : .held
        }
    }

    public func progress(_ conversion: UUID, worker: String, stage: ProgressStage, percent: Int, message: String) async throws {
        state.withLock { state in
            guard Self.holds(worker, conversion, state), state.conversions[conversion]?.status == .running else { return }
            state.conversions[conversion]?.stage = stage
            state.conversions[conversion]?.percent = percent
            state.conversions[conversion]?.message = message
        }
    }

    public func complete(_ conversion: UUID, worker: String, cacheKey: String, summary: String, resultSHA256: String, resultSize: Int64,
                         report: String, cacheExpiry: Date) async throws -> Bool {
        state.withLock { state in
            guard Self.holds(worker, conversion, state) else { return false }
            Self.release(conversion, as: .done, in: &state)
            let expires = max(state.results[cacheKey]?.expires ?? .distantPast, cacheExpiry)
            state.results[cacheKey] = (summary, expires)
            guard state.conversions[conversion]?.status == .running else { return false }
            state.conversions[conversion]?.status = .completed
            state.conversions[conversion]?.stage = .completed
            state.conversions[conversion]?.percent = 100
            state.conversions[conversion]?.message = "done"
            state.conversions[conversion]?.summary = summary
            state.conversions[conversion]?.finishedAt = Date()
            return true
        }
    }

    public func fail(_ conversion: UUID, worker: String, code: String, message: String, retry: Bool, backoff: Duration) async throws -> Bool {
        state.withLock { state in
            guard Self.holds(worker, conversion, state), let job = state.jobs[conversion] else { return false }
            let again = retry && job.attempts < job.maxAttempts
            Self.release(conversion, as: again ? .queued : .done, in: &state)
            state.jobs[conversion]?.runAfter = Date().addingTimeInterval(Self.seconds(backoff))
            guard state.conversions[conversion]?.status == .running else { return false }
            if again {
                state.conversions[conversion]?.stage = .queued
                state.conversions[conversion]?.message = "retrying after: " + message
                return false
            }
            state.conversions[conversion]?.status = .failed
            state.conversions[conversion]?.stage = .failed
            state.conversions[conversion]?.errorCode = code
            state.conversions[conversion]?.errorMessage = message
            state.conversions[conversion]?.message = message
            state.conversions[conversion]?.finishedAt = Date()
            return true
        }
    }

    public func finishCancelled(_ conversion: UUID, worker: String) async throws {
        state.withLock { state in
            if Self.holds(worker, conversion, state) { Self.release(conversion, as: .done, in: &state) }
        }
    }

    public func depth() async throws -> Int {
        state.withLock { $0.jobs.values.filter { $0.state == .queued || $0.state == .leased }.count }
    }

    // MARK: - Rules shared by the operations

    private static func holds(_ worker: String, _ conversion: UUID, _ state: State) -> Bool {
        state.jobs[conversion].map { $0.state == .leased && $0.leaseOwner == worker } ?? false
    }

    private static func release(_ conversion: UUID, as next: JobState, in state: inout State) {
        state.jobs[conversion]?.state = next
        state.jobs[conversion]?.leaseOwner = nil
        state.jobs[conversion]?.leaseExpires = nil
    }

    private static func countUpload(_ owner: UUID, limit: Int?, in state: inout State) throws {
        let key = dayKey(owner)
        let uploads = (state.uploads[key] ?? 0) + 1
        if let limit, uploads > limit { throw QuotaExceeded(limit: limit) }
        state.uploads[key] = uploads
    }

    /// The owner's count of today (UTC), as the database keys `conversion_daily_usage`.
    private static func dayKey(_ owner: UUID) -> String {
        owner.uuidString + "/" + String(Int(Date().timeIntervalSince1970) / 86_400)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func record(_ id: UUID, owner: UUID, fileName: String, sha256: String, size: Int64, options: String, cacheKey: String,
                               status: ConversionStatus, stage: ProgressStage, message: String) -> ConversionStore.Record {
        ConversionStore.Record(
            id: id, owner: owner, status: status, stage: stage, percent: 0, message: message, fileName: fileName, uploadSHA256: sha256,
            uploadSize: size, options: options, cacheKey: cacheKey, fromCache: false, summary: nil, errorCode: nil, errorMessage: nil,
            createdAt: Date(), startedAt: nil, finishedAt: nil)
    }
}
