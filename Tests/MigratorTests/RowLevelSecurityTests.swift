import Foundation
import Logging
import MigratorKit
import PostgresNIO
import ServiceKit
import Testing
import TestSupport

/// Row-level security as the services meet it: the stack's migrated database, each service's own
/// role, PostgresNIO.
@Suite("Row-level security")
struct RowLevelSecurityTests {
    let stack = try! LocalStack.current()

    /// Two users created by the owner (the conversion role cannot write accounts).
    func makeUsers() throws -> (UUID, UUID) {
        let owner = try PostgresConnection(stack.ownerURL())
        let a = UUID(), b = UUID()
        for id in [a, b] {
            try owner.execute(
                "INSERT INTO users (id, email) VALUES ($1, $2)",
                parameters: [id.uuidString, "rls-\(uniqueSuffix())@example.test"])
        }
        return (a, b)
    }

    func withRole<Result: Sendable>(_ role: String, _ body: @Sendable (PostgresClient) async throws -> Result) async throws -> Result {
        let client = PostgresClient(configuration: stack.postgres(role: role).clientConfiguration, backgroundLogger: testLogger())
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            return try await body(client)
        }
    }

    /// Rows of `conversions` visible for `user` (nil: no user set) with `role`.
    static func visibleOwners(_ client: PostgresClient, user: UUID?, role: String = "user") async throws -> [UUID] {
        try await client.withTransaction(logger: testLogger()) { connection in
            try await connection.query(
                "SELECT set_config('app.user_id', \(user?.uuidString ?? ""), true), set_config('app.role', \(role), true)",
                logger: testLogger())
            var owners: [UUID] = []
            for try await owner in try await connection.query("SELECT owner_id FROM conversions", logger: testLogger()).decode(UUID.self) {
                owners.append(owner)
            }
            return owners
        }
    }

    static func insertConversion(_ client: PostgresClient, actingAs user: UUID, owner: UUID) async throws {
        try await client.withTransaction(logger: testLogger()) { connection in
            try await connection.query("SELECT set_config('app.user_id', \(user.uuidString), true)", logger: testLogger())
            try await connection.query("INSERT INTO conversions (owner_id) VALUES (\(owner))", logger: testLogger())
        }
    }

    @Test func eachUserSeesOnlyTheirOwnRowsAndNoUserSeesNothing() async throws {
        let (a, b) = try makeUsers()
        try await withRole("CONVERSION") { client throws in
            try await Self.insertConversion(client, actingAs: a, owner: a)
            try await Self.insertConversion(client, actingAs: a, owner: a)
            try await Self.insertConversion(client, actingAs: b, owner: b)

            #expect(try await Self.visibleOwners(client, user: a) == [a, a])
            #expect(try await Self.visibleOwners(client, user: b) == [b])
            // Without a user (and on a pooled connection whose earlier setting now reads '').
            let anonymous = try await client.withConnection { connection in
                var count = 0
                for try await _ in try await connection.query("SELECT id FROM conversions", logger: testLogger()) { count += 1 }
                return count
            }
            #expect(anonymous == 0)
            #expect(try await Self.visibleOwners(client, user: nil) == [])
        }
    }

    @Test func insertingForAnotherOwnerIsRefused() async throws {
        let (a, b) = try makeUsers()
        try await withRole("CONVERSION") { client throws in
            await #expect {
                try await Self.insertConversion(client, actingAs: a, owner: b)
            } throws: { error in
                String(reflecting: error).contains("violates row-level security policy")
            }
            #expect(try await Self.visibleOwners(client, user: b) == [])
        }
    }

    @Test func adminsReadAnyRowAndWorkersMayUpdateAny() async throws {
        let (a, b) = try makeUsers()
        try await withRole("CONVERSION") { client throws in
            try await Self.insertConversion(client, actingAs: a, owner: a)
            try await Self.insertConversion(client, actingAs: b, owner: b)
            let seen = Set(try await Self.visibleOwners(client, user: nil, role: "admin"))
            #expect(seen.isSuperset(of: [a, b]))
            let updated = try await client.withTransaction(logger: testLogger()) { connection in
                try await connection.query("SELECT set_config('app.role', 'worker', true)", logger: testLogger())
                var count = 0
                let rows = try await connection.query(
                    "UPDATE conversions SET status = 'running' WHERE owner_id = ANY(\([a, b])) RETURNING id", logger: testLogger())
                for try await _ in rows { count += 1 }
                return count
            }
            #expect(updated == 2)
        }
    }

    @Test func serviceRolesAreLeastPrivileged() async throws {
        let owner = try PostgresConnection(stack.ownerURL())
        let roles = try owner.execute(
            "SELECT rolname, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = ANY($1::name[]) ORDER BY rolname",
            parameters: ["{\(stack.value("PG_AUTH_USER")),\(stack.value("PG_CONVERSION_USER")),\(stack.value("PG_AI_ENGINE_USER"))}"])
        #expect(roles.count == 3)
        #expect(roles.allSatisfy { $0[1] == "f" && $0[2] == "f" })
        // The conversion service cannot read accounts at all.
        try await withRole("CONVERSION") { client throws in
            await #expect(throws: PSQLError.self) {
                try await client.withConnection { connection in
                    for try await _ in try await connection.query("SELECT email FROM users", logger: testLogger()) {}
                }
            }
        }
    }
}
