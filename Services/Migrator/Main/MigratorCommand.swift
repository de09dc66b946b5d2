import Contracts
import ArgumentParser
import Foundation
import MigrationScripts
import MigratorKit

/// `migrator up|down|status|validate`: schema migrations, run once per deploy before the services;
/// `migrator grant-role`: the operator's way to make the first administrator.
@main
struct MigratorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrator",
        abstract: "Apply, revert and check ModPorter's database migrations.",
        discussion: """
            The database comes from --database-url or MIGRATOR_DATABASE_URL (a libpq URI such as
            postgresql://owner:secret@127.0.0.1:55432/modporter); it must name the owner role.
            MIGRATIONS_DIR overrides the bundled migrations folder.
            """,
        subcommands: [Up.self, Down.self, Status.self, Validate.self, GrantRole.self])
}

struct ConnectionOptions: ParsableArguments {
    @Option(help: "libpq connection URI (default: $MIGRATOR_DATABASE_URL).")
    var databaseURL: String?

    @Option(help: "Seconds to wait for another migrator's lock (default: $MIGRATOR_LOCK_TIMEOUT or 60).")
    var lockTimeout: Double?

    /// The database URL from the option or the environment.
    func url() throws -> String {
        guard let url = databaseURL ?? ProcessInfo.processInfo.environment["MIGRATOR_DATABASE_URL"], !url.isEmpty else {
            throw Failure("configuration error: MIGRATOR_DATABASE_URL is required but not set (or pass --database-url)")
        }
        return url
    }

    func makeMigrator() throws -> Migrator {
        let environment = ProcessInfo.processInfo.environment
        let url = try url()
        let timeout = lockTimeout ?? environment["MIGRATOR_LOCK_TIMEOUT"].flatMap(Double.init) ?? 60
        guard timeout >= 0 else { throw Failure("configuration error: MIGRATOR_LOCK_TIMEOUT must be ≥ 0") }
        let folder: URL
        if let override = environment["MIGRATIONS_DIR"], !override.isEmpty {
            folder = URL(fileURLWithPath: override)
        } else if let bundled = MigrationScripts.directory {
            folder = bundled
        } else {
            throw Failure("the bundled migrations are missing; set MIGRATIONS_DIR")
        }
        let migrations = try Migration.load(from: folder)
        return Migrator(
            connection: try PostgresConnection(url), migrations: migrations,
            lockTimeout: .milliseconds(Int64(timeout * 1000)), log: { print($0) })
    }
}

/// A failure printed as one line, exiting with status 1.
struct Failure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a command body, turning every error into one line on standard error and exit status 1.
func reportingFailures(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        FileHandle.standardError.write(Data("migrator: \(error)\n".utf8))
        throw ExitCode.failure
    }
}

extension MigratorCommand {
    struct Up: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Apply pending migrations.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Stop after this version.") var to: Int?

        func run() throws {
            try reportingFailures { try connection.makeMigrator().up(to: to) }
        }
    }

    struct Down: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revert applied migrations (the last one by default).")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Revert every migration newer than this version (0 reverts all).") var to: Int?
        @Option(help: "Revert this many migrations.") var steps: Int?

        func validate() throws {
            if to != nil && steps != nil { throw ValidationError("give either --to or --steps, not both") }
            if let steps, steps < 1 { throw ValidationError("--steps must be at least 1") }
            if let to, to < 0 { throw ValidationError("--to must be ≥ 0") }
        }

        func run() throws {
            try reportingFailures { try connection.makeMigrator().down(to: to, steps: steps) }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List migrations and whether each is applied.")
        @OptionGroup var connection: ConnectionOptions

        func run() throws {
            try reportingFailures {
                for entry in try connection.makeMigrator().status() {
                    let state = entry.appliedAt.map { "applied \($0) (\(entry.executionMS ?? 0) ms)" } ?? "pending"
                    print("\(Migration.format(entry.version))_\(entry.name)  \(state)")
                }
            }
        }
    }

    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check that applied migrations match their files.")
        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Also fail while any migration here is not applied yet (a deployment's init container waits on it).")
        var requireCurrent = false

        func run() throws {
            try reportingFailures {
                try connection.makeMigrator().validate(requireCurrent: requireCurrent)
                print(requireCurrent ? "ok: every migration is applied and matches its file" : "ok: applied migrations match their files")
            }
        }
    }

    struct GrantRole: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-role",
            abstract: "Give an account a role (e.g. the first admin); audited. The user signs in again to use it.")
        @OptionGroup var connection: ConnectionOptions
        @Option(help: "The account's email address.") var email: String
        @Option(help: "user, creator or admin.") var role: String

        func run() throws {
            try reportingFailures {
                guard let granted = Role(rawValue: role), Role.assignable.contains(granted) else { throw Failure("the role must be \(Role.assignableList)") }
                let database = try PostgresConnection(connection.url())
                let rows = try database.execute(
                    """
                    WITH changed AS (
                        UPDATE users SET roles = array_append(roles, $2) WHERE email = lower(btrim($1)) AND NOT ($2 = ANY (roles))
                        RETURNING id, roles)
                    INSERT INTO audit_log (event, outcome, target_id, detail)
                    SELECT 'role_change', 'success', id, jsonb_build_object('granted', $2, 'by', 'migrator grant-role') FROM changed
                    RETURNING target_id
                    """, parameters: [email, role])
                if rows.isEmpty {
                    let known = try database.execute("SELECT roles::text FROM users WHERE email = lower(btrim($1))", parameters: [email])
                    guard let roles = known.first?.first ?? nil else { throw Failure("no account has the email \(email)") }
                    print("unchanged: the account already has \(role) (roles \(roles))")
                } else {
                    print("granted \(role) to \(email)")
                }
            }
        }
    }
}
