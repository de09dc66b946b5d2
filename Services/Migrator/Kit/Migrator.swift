import Foundation
import Logging

/// Applies and reverts migrations against one database, under a PostgreSQL advisory lock so two
/// migrators never interleave.
public final class Migrator {
    /// The advisory lock key every ModPorter migrator takes (arbitrary, fixed).
    public static let lockKey: Int64 = 7_271_002

    /// One row of `status`.
    public struct Entry: Equatable, Sendable {
        public let version: Int
        public let name: String
        /// When it was applied, `nil` while pending.
        public let appliedAt: String?
        /// How long it took to apply, in milliseconds.
        public let executionMS: Int?
    }

    private let connection: PostgresConnection
    private let migrations: [Migration]
    private let lockTimeout: Duration
    private let log: (String) -> Void

    /// - Parameters:
    ///   - lockTimeout: how long to wait for another migrator to finish before giving up.
    ///   - log: receives one line per step (printed by the CLI).
    public init(connection: PostgresConnection, migrations: [Migration], lockTimeout: Duration = .seconds(60), log: @escaping (String) -> Void = { _ in }) {
        self.connection = connection
        self.migrations = migrations.sorted { $0.version < $1.version }
        self.lockTimeout = lockTimeout
        self.log = log
    }

    // MARK: - Commands

    /// Applies every pending migration up to `target` (all when `nil`), each in its own
    /// transaction. Refuses to run when an applied file was edited.
    /// - Returns: the versions applied.
    @discardableResult
    public func up(to target: Int? = nil) throws -> [Int] {
        if let target, !migrations.contains(where: { $0.version == target }) { throw MigratorError.unknownTarget(target) }
        return try withLock {
            let applied = try verifyApplied()
            var done: [Int] = []
            for migration in migrations where applied[migration.version] == nil && migration.version <= (target ?? .max) {
                let started = ContinuousClock.now
                try inTransaction(file: migration.upFile) {
                    try connection.execute(migration.upSQL)
                    let elapsed = ContinuousClock.now - started
                    let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name, checksum, execution_ms) VALUES ($1, $2, $3, $4)",
                        parameters: [String(migration.version), migration.name, migration.checksum, String(milliseconds)])
                }
                log("applied \(migration.upFile)")
                done.append(migration.version)
            }
            if done.isEmpty { log("nothing to apply") }
            return done
        }
    }

    /// Reverts applied migrations, newest first: down to (not including) `target`, or the last
    /// `steps` (1 when neither is given).
    /// - Returns: the versions reverted.
    @discardableResult
    public func down(to target: Int? = nil, steps: Int? = nil) throws -> [Int] {
        if let target, target != 0, !migrations.contains(where: { $0.version == target }) { throw MigratorError.unknownTarget(target) }
        return try withLock {
            let applied = try verifyApplied()
            var candidates = migrations.filter { applied[$0.version] != nil }.sorted { $0.version > $1.version }
            if let target {
                candidates = candidates.filter { $0.version > target }
            } else {
                candidates = Array(candidates.prefix(max(steps ?? 1, 0)))
            }
            for migration in candidates {
                try inTransaction(file: migration.downFile) {
                    try connection.execute(migration.downSQL)
                    try connection.execute("DELETE FROM schema_migrations WHERE version = $1", parameters: [String(migration.version)])
                }
                log("reverted \(migration.downFile)")
            }
            if candidates.isEmpty { log("nothing to revert") }
            return candidates.map(\.version)
        }
    }

    /// Every known migration with its state.
    public func status() throws -> [Entry] {
        try ensureTable()
        let applied = try appliedRows()
        return migrations.map { migration in
            let row = applied[migration.version]
            return Entry(version: migration.version, name: migration.name, appliedAt: row?.appliedAt, executionMS: row?.executionMS)
        }
    }

    /// Checks that every applied migration still has its file, unchanged.
    ///
    /// - Parameter requireCurrent: also fail with ``MigratorError/pending(_:)`` while a migration
    ///   here is not applied yet (a service's init container waits for the deploy's `migrator up`).
    public func validate(requireCurrent: Bool = false) throws {
        try ensureTable()
        let applied = try verifyApplied()
        let pending = migrations.map(\.version).filter { applied[$0] == nil }
        if requireCurrent, !pending.isEmpty { throw MigratorError.pending(pending) }
    }

    // MARK: - Internals

    private struct AppliedRow {
        let checksum: String
        let appliedAt: String
        let executionMS: Int
    }

    private func ensureTable() throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version bigint PRIMARY KEY,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                execution_ms integer NOT NULL
            )
            """)
    }

    private func appliedRows() throws -> [Int: AppliedRow] {
        let rows = try connection.execute(
            "SELECT version, checksum, to_char(applied_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), execution_ms FROM schema_migrations ORDER BY version")
        var applied: [Int: AppliedRow] = [:]
        for row in rows {
            guard let version = row[0].flatMap({ Int($0) }) else { continue }
            applied[version] = AppliedRow(checksum: row[1] ?? "", appliedAt: row[2] ?? "", executionMS: row[3].flatMap { Int($0) } ?? 0)
        }
        return applied
    }

    private func verifyApplied() throws -> [Int: AppliedRow] {
        let applied = try appliedRows()
        let byVersion = Dictionary(uniqueKeysWithValues: migrations.map { ($0.version, $0) })
        for (version, row) in applied.sorted(by: { $0.key < $1.key }) {
            guard let migration = byVersion[version] else { throw MigratorError.unknownAppliedVersion(version) }
            guard migration.checksum == row.checksum else {
                throw MigratorError.checksumMismatch(file: migration.upFile, recorded: row.checksum, actual: migration.checksum)
            }
        }
        return applied
    }

    private func inTransaction(file: String, _ body: () throws -> Void) throws {
        try connection.execute("BEGIN")
        do {
            try body()
            try connection.execute("COMMIT")
        } catch {
            _ = try? connection.execute("ROLLBACK")
            let message = (error as? MigratorError).map { error -> String in
                if case .sql(let text) = error { return text }
                return error.description
            } ?? "\(error)"
            throw MigratorError.migrationFailed(file: file, message: message)
        }
    }

    /// Holds the session advisory lock around `body`; waits up to `lockTimeout` for it.
    private func withLock<Result>(_ body: () throws -> Result) throws -> Result {
        let clock = ContinuousClock()
        let start = clock.now
        var announced = false
        while try connection.execute("SELECT pg_try_advisory_lock($1)", parameters: [String(Self.lockKey)]).first?.first != "t" {
            let waited = clock.now - start
            if waited >= lockTimeout {
                throw MigratorError.locked(waitedSeconds: Double(waited.components.seconds))
            }
            if !announced {
                log("another migrator holds the lock; waiting up to \(lockTimeout)")
                announced = true
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock($1)", parameters: [String(Self.lockKey)]) }
        try ensureTable()
        return try body()
    }
}
