import Foundation
import GatewayApp
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TestSupport

/// Permissions end to end: the in-process gateway in front of the test stack's real auth, with the
/// role → permission map fetched from auth with a service token.
@Suite("gateway: permissions, admin routes and API tokens")
struct AccessControlTests {
    typealias Door = FrontDoorTests

    /// Registers a fresh account through the gateway; returns its id and access token.
    static func register(_ client: some TestClientProtocol) async throws -> (id: String, email: String, access: String) {
        let email = "acl-\(uniqueSuffix())@example.com"
        let response = try await client.execute(
            uri: "/api/v1/auth/register", method: .post, headers: Door.address().merging([.contentType: "application/json"]),
            body: Door.body(["email": email, "password": Door.password]))
        try #require(response.status == .created)
        let object = Door.object(response.body)
        let id = try #require((object["user"] as? [String: Any])?["id"] as? String)
        return (id, email, try #require(object["access_token"] as? String))
    }

    static func login(_ client: some TestClientProtocol, _ email: String) async throws -> String {
        let response = try await client.execute(
            uri: "/api/v1/auth/login", method: .post, headers: Door.address().merging([.contentType: "application/json"]),
            body: Door.body(["email": email, "password": Door.password]))
        try #require(response.status == .ok)
        return try #require(Door.object(response.body)["access_token"] as? String)
    }

    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)", .contentType: "application/json"] }

    static func json(_ value: [String: Any]) -> ByteBuffer { ByteBuffer(bytes: Array(try! JSONSerialization.data(withJSONObject: value))) }

    /// Makes `email` an admin the way an operator does: `migrator grant-role`.
    static func grantAdmin(_ stack: LocalStack, email: String) async throws {
        let result = try await runProcess(
            stack.binDirectory + "/migrator", ["grant-role", "--email", email, "--role", "admin"],
            environment: ["MIGRATOR_DATABASE_URL": stack.ownerURL()])
        try #require(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("granted admin"))
    }

    @Test func aMissingPermissionIs403AndAnAdminManagesRolesWithAnAuditTrail() async throws {
        let stack = try LocalStack.current()
        try await Door.app(stack).test(.router) { client in
            try await Door.ready(client)
            let admin = try await Self.register(client)
            let member = try await Self.register(client)
            // The permission map loads beside the test: wait until a signed-in user is judged.
            let judged = await eventually(timeout: .seconds(20)) {
                let response = try? await client.execute(uri: "/api/v1/admin/users", method: .get, headers: Self.bearer(admin.access))
                return response?.status == .forbidden
            }
            #expect(judged)
            for uri in ["/api/v1/admin/users", "/api/v1/admin/audit"] {
                let refused = try await client.execute(uri: uri, method: .get, headers: Self.bearer(member.access))
                #expect(refused.status == .forbidden)
                #expect(Door.errorCode(refused.body) == "forbidden")
            }

            try await Self.grantAdmin(stack, email: admin.email)
            let adminAccess = try await Self.login(client, admin.email)
            let listed = try await client.execute(
                uri: "/api/v1/admin/users?page_size=5&email=\(admin.email)", method: .get, headers: Self.bearer(adminAccess))
            #expect(listed.status == .ok)
            let items = Door.object(listed.body)["items"] as? [[String: Any]] ?? []
            #expect(items.count == 1)
            #expect(items.first?["roles"] as? [String] == ["user", "admin"])
            let badPage = try await client.execute(uri: "/api/v1/admin/users?page_size=500", method: .get, headers: Self.bearer(adminAccess))
            #expect(badPage.status == .badRequest)

            let changed = try await client.execute(
                uri: "/api/v1/admin/users/\(member.id)", method: .patch, headers: Self.bearer(adminAccess), body: Self.json(["roles": ["creator"]]))
            #expect(changed.status == .ok)
            #expect(Door.object(changed.body)["roles"] as? [String] == ["creator"])
            // Tokens carry roles, so a role change ends the member's sessions at once.
            let stale = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: Self.bearer(member.access))
            #expect(stale.status == .unauthorized)
            let invalid = try await client.execute(
                uri: "/api/v1/admin/users/\(member.id)", method: .patch, headers: Self.bearer(adminAccess), body: Self.json(["roles": ["service"]]))
            #expect(invalid.status == .unprocessableContent)
            let selfDemotion = try await client.execute(
                uri: "/api/v1/admin/users/\(admin.id)", method: .patch, headers: Self.bearer(adminAccess), body: Self.json(["roles": ["user"]]))
            #expect(selfDemotion.status == .conflict)
            let nobody = try await client.execute(
                uri: "/api/v1/admin/users/\(UUID().uuidString.lowercased())", method: .patch, headers: Self.bearer(adminAccess),
                body: Self.json(["roles": ["user"]]))
            #expect(nobody.status == .notFound)

            let audit = try await client.execute(
                uri: "/api/v1/admin/audit?event=role_change&target=\(member.id)", method: .get, headers: Self.bearer(adminAccess))
            #expect(audit.status == .ok)
            let entries = Door.object(audit.body)["items"] as? [[String: Any]] ?? []
            #expect(entries.count == 1)
            #expect(entries.first?["actor_id"] as? String == admin.id)
            #expect((entries.first?["detail"] as? [String: Any])?["to"] as? [String] == ["creator"])
        }
    }

    @Test func apiTokensAreScopedShownOnceAndAnotherUsersTokenIsNotFound() async throws {
        let stack = try LocalStack.current()
        try await Door.app(stack).test(.router) { client in
            try await Door.ready(client)
            let owner = try await Self.register(client)
            let other = try await Self.register(client)
            func create(_ scopes: [String]) async throws -> TestResponse {
                try await client.execute(
                    uri: "/api/v1/users/me/tokens", method: .post, headers: Self.bearer(owner.access),
                    body: Self.json(["name": "ci script", "scopes": scopes, "expires_in_days": 30]))
            }
            let ready = await eventually(timeout: .seconds(20)) { (try? await create(["conversions:read"]))?.status == .created }
            #expect(ready)
            let unheld = try await create(["users:admin"])
            #expect(unheld.status == .forbidden)
            #expect(Door.errorCode(unheld.body) == "scope_not_held")
            let unknown = try await create(["everything:at:once"])
            #expect(unknown.status == .unprocessableContent)

            let narrow = try #require(Door.object(try await create(["conversions:read"]).body)["token"] as? String)
            let created = Door.object(try await create(["account:manage"]).body)
            let token = try #require(created["token"] as? String)
            let id = try #require(created["id"] as? String)
            #expect(token.hasPrefix("mpt_"))

            // Scopes bound what a token may do, and account security needs a session.
            let outOfScope = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: Self.bearer(narrow))
            #expect(outOfScope.status == .forbidden)
            let me = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: Self.bearer(token))
            #expect(me.status == .ok)
            #expect(Door.object(me.body)["email"] as? String == owner.email)
            let sessionOnly = try await client.execute(uri: "/api/v1/users/me/tokens", method: .get, headers: Self.bearer(token))
            #expect(sessionOnly.status == .forbidden)
            #expect(Door.errorCode(sessionOnly.body) == "session_required")

            // Listed without the secret; another user cannot see or revoke it.
            let listed = try await client.execute(uri: "/api/v1/users/me/tokens", method: .get, headers: Self.bearer(owner.access))
            let tokens = Door.object(listed.body)["items"] as? [[String: Any]] ?? []
            #expect(tokens.count == 3)
            #expect(!String(buffer: listed.body).contains(token))
            let othersList = try await client.execute(uri: "/api/v1/users/me/tokens", method: .get, headers: Self.bearer(other.access))
            #expect((Door.object(othersList.body)["items"] as? [Any])?.isEmpty == true)
            let stolen = try await client.execute(uri: "/api/v1/users/me/tokens/\(id)", method: .delete, headers: Self.bearer(other.access))
            #expect(stolen.status == .notFound)

            let revoked = try await client.execute(uri: "/api/v1/users/me/tokens/\(id)", method: .delete, headers: Self.bearer(owner.access))
            #expect(revoked.status == .noContent)
            // Auth checks every forwarded call itself, so a revoked token stops at once.
            let after = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: Self.bearer(token))
            #expect(after.status == .unauthorized)
        }
    }
}
