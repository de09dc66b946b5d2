import Foundation
import MigrationScripts
import MigratorKit
import Testing
import TestSupport

@Suite("Migrator against the test stack's PostgreSQL")
struct MigratorTests {
    @Test func upAppliesEveryMigrationOnceAndRecordsIt() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        let migrator = try database.migrator()
        let migrations = try FreshDatabase.bundledMigrations()
        #expect(try migrator.up() == migrations.map(\.version))
        #expect(try migrator.up().isEmpty)
        let status = try migrator.status()
        #expect(status.count == migrations.count)
        #expect(status.allSatisfy { $0.appliedAt != nil && ($0.executionMS ?? -1) >= 0 })
        let rows = try database.connect().execute("SELECT version, name, checksum FROM schema_migrations ORDER BY version")
        #expect(rows.map { $0[2] } == migrations.map(\.checksum))
        #expect(rows.allSatisfy { ($0[2] ?? "").count == 64 })
        try migrator.validate()
    }

    @Test func downReversesUpExactly() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        let migrator = try database.migrator()
        let empty = try await database.schemaSnapshot()
        try migrator.up()
        let migrated = try await database.schemaSnapshot()
        #expect(migrated.contains("CREATE TABLE public.conversions"))
        #expect(migrated.contains("\(database.name)_conversion:f:f"))

        try migrator.down(to: 0)
        #expect(try await database.schemaSnapshot() == empty)
        #expect(try migrator.status().allSatisfy { $0.appliedAt == nil })

        try migrator.up()
        #expect(try await database.schemaSnapshot() == migrated)
    }

    @Test func upToAndDownStepsMoveOneVersionAtATime() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        let migrator = try database.migrator()
        #expect(try migrator.up(to: 2) == [1, 2])
        #expect(try migrator.status().filter { $0.appliedAt != nil }.map(\.version) == [1, 2])
        #expect(try migrator.down(steps: 1) == [2])
        #expect(try migrator.down() == [1])
        #expect(try migrator.down().isEmpty)
        #expect(throws: MigratorError.unknownTarget(999)) { try migrator.up(to: 999) }
    }

    @Test func requireCurrentWaitsUntilEveryMigrationIsApplied() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        let migrator = try database.migrator()
        let versions = try FreshDatabase.bundledMigrations().map(\.version)
        try migrator.up(to: 2)
        try migrator.validate()
        #expect(throws: MigratorError.pending(Array(versions.dropFirst(2)))) { try migrator.validate(requireCurrent: true) }
        #expect("\(MigratorError.pending([3]))".contains("not applied yet"))
        try migrator.up()
        try migrator.validate(requireCurrent: true)
    }

    @Test func anEditedAppliedFileIsRefusedByValidateAndUp() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        let original = try FreshDatabase.bundledMigrations()
        try database.migrator(original).up()

        var edited = original
        let target = edited[1]
        edited[1] = Migration(version: target.version, name: target.name, upSQL: target.upSQL + "\n-- edited\n", downSQL: target.downSQL)
        let tampered = try database.migrator(edited)
        #expect {
            try tampered.validate()
        } throws: { error in
            guard case MigratorError.checksumMismatch(let file, _, _) = error else { return false }
            return file == target.upFile && "\(error)".contains(target.upFile)
        }
        #expect(throws: MigratorError.self) { try tampered.up() }
        #expect(throws: MigratorError.self) { try tampered.down() }
    }

    @Test func aFailingMigrationRollsBackAndIsNotRecorded() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        var migrations = try FreshDatabase.bundledMigrations()
        migrations.append(Migration(
            version: 9000, name: "broken", upSQL: "CREATE TABLE half_done (id int); SELECT no_such_function();",
            downSQL: "DROP TABLE half_done;"))
        let migrator = try database.migrator(migrations)
        #expect {
            try migrator.up()
        } throws: { error in
            guard case MigratorError.migrationFailed(let file, let message) = error else { return false }
            return file == "9000_broken.up.sql" && message.contains("no_such_function")
        }
        let leftover = try database.connect().execute("SELECT to_regclass('public.half_done') IS NULL, (SELECT count(*) FROM schema_migrations WHERE version = 9000)")
        #expect(leftover.first == ["t", "0"])
    }

    @Test func twoConcurrentMigratorProcessesApplyEachMigrationOnce() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        let binary = try LocalStack.current().binDirectory + "/migrator"
        async let first = runProcess(binary, ["up"], environment: ["MIGRATOR_DATABASE_URL": database.url])
        async let second = runProcess(binary, ["up"], environment: ["MIGRATOR_DATABASE_URL": database.url])
        let results = try await [first, second]
        #expect(results.map(\.status) == [0, 0], "\(results.map(\.stderr))")
        let applied = results.map(\.stdout).joined().split(separator: "\n").filter { $0.hasPrefix("applied ") }
        let count = try FreshDatabase.bundledMigrations().count
        #expect(applied.count == count)
        let rows = try database.connect().execute("SELECT count(*), count(DISTINCT version) FROM schema_migrations")
        #expect(rows.first == [String(count), String(count)])
    }

    @Test func aMigratorThatCannotGetTheLockExitsWithAClearMessage() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        let holder = try database.connect()
        try holder.execute("SELECT pg_advisory_lock(\(Migrator.lockKey))")
        let binary = try LocalStack.current().binDirectory + "/migrator"
        let result = try await runProcess(binary, ["up", "--lock-timeout", "1"], environment: ["MIGRATOR_DATABASE_URL": database.url])
        #expect(result.status == 1)
        #expect(result.stderr.contains("another migrator is running"))
        #expect(result.stderr.split(separator: "\n").count == 1)
        try holder.execute("SELECT pg_advisory_unlock(\(Migrator.lockKey))")
    }

    @Test func theCLIRefusesAnEditedFileAndNamesIt() async throws {
        let database = try FreshDatabase()
        defer { database.drop() }
        guard let bundled = MigrationScripts.directory else { throw TestSetupError("bundled migrations missing") }
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-" + uniqueSuffix())
        try FileManager.default.copyItem(at: bundled, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        let binary = try LocalStack.current().binDirectory + "/migrator"
        let environment = ["MIGRATOR_DATABASE_URL": database.url, "MIGRATIONS_DIR": copy.path]
        #expect(try await runProcess(binary, ["up"], environment: environment).status == 0)
        #expect(try await runProcess(binary, ["validate"], environment: environment).status == 0)

        let edited = copy.appendingPathComponent("0003_users_and_conversions.up.sql")
        try (String(contentsOf: edited, encoding: .utf8) + "\n-- a later edit\n").write(to: edited, atomically: true, encoding: .utf8)
        for command in ["validate", "up"] {
            let result = try await runProcess(binary, [command], environment: environment)
            #expect(result.status == 1)
            #expect(result.stderr.contains("0003_users_and_conversions.up.sql was edited after it was applied"))
        }
    }

    @Test func theCLIReportsABadDatabaseInOneLine() async throws {
        let binary = try LocalStack.current().binDirectory + "/migrator"
        let missing = try await runProcess(binary, ["status"], environment: ["MIGRATOR_DATABASE_URL": ""])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("MIGRATOR_DATABASE_URL"))
        let unreachable = try await runProcess(
            binary, ["status"], environment: ["MIGRATOR_DATABASE_URL": "postgresql://nobody:x@127.0.0.1:1/none?connect_timeout=2"])
        #expect(unreachable.status == 1)
        #expect(unreachable.stderr.hasPrefix("migrator: cannot connect to the database"))
        #expect(unreachable.stderr.split(separator: "\n").count == 1)
    }
}

@Suite("Migration files")
struct MigrationFileTests {
    func folder(_ files: [String: String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-" + uniqueSuffix())
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: url.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        return url
    }

    @Test func theBundledMigrationsArePairedAndOrdered() throws {
        let migrations = try FreshDatabase.bundledMigrations()
        #expect(migrations.map(\.version) == Array(1...migrations.count))
    }

    @Test(arguments: [
        ["0001_a.up.sql": ""],
        ["0001_a.down.sql": ""],
        ["1_a.up.sql": "", "1_a.down.sql": ""],
        ["0001_A.up.sql": "", "0001_A.down.sql": ""],
        ["0001_a.up.sql": "", "0001_b.down.sql": ""],
    ])
    func malformedFoldersAreRefusedNamingTheFile(files: [String: String]) throws {
        let url = try folder(files)
        #expect(throws: MigratorError.self) { try Migration.load(from: url) }
    }
}
