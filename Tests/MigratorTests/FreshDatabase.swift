import Foundation
import MigrationScripts
import MigratorKit
import TestSupport

/// A new, empty database in the test stack's cluster, dropped (with the roles its migrations
/// made, named `<database>_<service>`) when the test ends.
struct FreshDatabase {
    let stack: LocalStack
    let name: String

    init() throws {
        stack = try LocalStack.current()
        name = "mt_" + uniqueSuffix(12)
        try PostgresConnection(stack.ownerURL(database: "postgres")).execute("CREATE DATABASE \(name)")
    }

    var url: String { stack.ownerURL(database: name) }

    func connect() throws -> PostgresConnection { try PostgresConnection(url) }

    /// The migrations shipped with the migrator.
    static func bundledMigrations() throws -> [Migration] {
        guard let folder = MigrationScripts.directory else { throw TestSetupError("bundled migrations missing") }
        return try Migration.load(from: folder)
    }

    func migrator(_ migrations: [Migration]? = nil, lockTimeout: Duration = .seconds(30)) throws -> Migrator {
        Migrator(connection: try connect(), migrations: try migrations ?? Self.bundledMigrations(), lockTimeout: lockTimeout)
    }

    /// Drops the database and every role named after it.
    func drop() {
        guard let admin = try? PostgresConnection(stack.ownerURL(database: "postgres")) else { return }
        _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        let roles = (try? admin.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE '\(name)\\_%'")) ?? []
        for role in roles.compactMap({ $0.first ?? nil }) { _ = try? admin.execute("DROP ROLE \"\(role)\"") }
    }

    /// The schema as `pg_dump --schema-only` prints it, plus the roles named after the database.
    func schemaSnapshot() async throws -> String {
        let dump = try await runProcess(
            stack.value("PG_BIN") + "/pg_dump",
            ["--schema-only", "--no-owner", "--exclude-table=schema_migrations", "-d", url])
        guard dump.status == 0 else { throw TestSetupError("pg_dump failed: \(dump.stderr)") }
        let schema = dump.stdout.split(separator: "\n")
            .filter { !$0.hasPrefix("--") && !$0.hasPrefix("\\restrict") && !$0.hasPrefix("\\unrestrict") }
            .joined(separator: "\n")
        let roles = try connect().execute(
            "SELECT rolname, rolbypassrls, rolsuper FROM pg_roles WHERE rolname LIKE '\(name)\\_%' ORDER BY rolname")
        return schema + "\n-- roles: " + roles.map { $0.compactMap { $0 }.joined(separator: ":") }.joined(separator: ", ")
    }
}
