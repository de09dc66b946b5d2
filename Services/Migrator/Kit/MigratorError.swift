/// Why the migrator stopped. The description is the one line it prints.
public enum MigratorError: Error, Equatable, CustomStringConvertible {
    /// The database could not be reached or refused the login.
    case connection(String)
    /// A statement failed (PostgreSQL's message).
    case sql(String)
    /// A migration file failed to apply or revert; the transaction was rolled back.
    case migrationFailed(file: String, message: String)
    /// An applied migration's file no longer matches the checksum recorded when it ran.
    case checksumMismatch(file: String, recorded: String, actual: String)
    /// The migrations folder breaks a naming or pairing rule.
    case invalidMigrations(String)
    /// The database records a migration that has no file here.
    case unknownAppliedVersion(Int)
    /// Another migrator held the advisory lock for the whole wait.
    case locked(waitedSeconds: Double)
    /// `--to` names a version that does not exist.
    case unknownTarget(Int)
    /// `validate --require-current`: these migrations are not applied yet.
    case pending([Int])

    public var description: String {
        switch self {
        case .connection(let message): "cannot connect to the database: \(message)"
        case .sql(let message): "SQL error: \(message)"
        case .migrationFailed(let file, let message): "migration \(file) failed and was rolled back: \(message)"
        case .checksumMismatch(let file, let recorded, let actual):
            "\(file) was edited after it was applied (checksum recorded \(recorded.prefix(12))…, file now \(actual.prefix(12))…); add a new migration instead"
        case .invalidMigrations(let message): "invalid migrations: \(message)"
        case .unknownAppliedVersion(let version):
            "the database has migration \(Migration.format(version)) applied, but no file for it exists here"
        case .locked(let waited):
            "another migrator is running (advisory lock held); gave up after waiting \(waited) s"
        case .unknownTarget(let version): "no migration has version \(Migration.format(version))"
        case .pending(let versions):
            "\(versions.count) migration\(versions.count == 1 ? " is" : "s are") not applied yet (\(versions.map(Migration.format).joined(separator: ", "))); run `migrator up`"
        }
    }
}
