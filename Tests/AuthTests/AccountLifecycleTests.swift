import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import RedisKit
import Testing
import TestSupport

@testable import AuthApp

/// The browser's refresh cookie with its CSRF pairing, changing an account, and deleting one (the
/// `user.deleted` event included), against the test stack's Postgres and Redis.
@Suite("auth: browser sessions and the account's life")
struct AccountLifecycleTests {
    typealias Auth = AuthServiceTests

    /// `name=value` pairs of the response's `Set-Cookie` headers.
    static func cookies(_ response: TestResponse) -> [String: String] {
        var jar: [String: String] = [:]
        for header in response.headers[values: .setCookie] {
            guard let pair = header.split(separator: ";").first, let equals = pair.firstIndex(of: "=") else { continue }
            jar[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return jar
    }

    @Test func theRefreshCookieNeedsItsCSRFHeaderAndRotates() async throws {
        try await Auth.withClient { client in
            let registered = try await client.execute(
                uri: "/api/v1/auth/register", method: .post, body: Auth.json(["email": Auth.email(), "password": Auth.password]))
            let attributes = registered.headers[values: .setCookie]
            #expect(attributes.contains { $0.hasPrefix("mp_refresh=") && $0.contains("HttpOnly") && $0.contains("Secure") && $0.contains("SameSite=Strict") })
            let jar = Self.cookies(registered)
            let refresh = try #require(jar["mp_refresh"])
            let csrf = try #require(jar["mp_csrf"])
            #expect(try Auth.object(registered)["csrf_token"] as? String == csrf)
            let cookie = "mp_refresh=\(refresh); mp_csrf=\(csrf)"

            let missing = try await client.execute(uri: "/api/v1/auth/refresh", method: .post, headers: [.cookie: cookie])
            #expect(missing.status == .forbidden)
            #expect((try Auth.object(missing)["error"] as? [String: Any])?["code"] as? String == "csrf_failed")
            let forged = try await client.execute(
                uri: "/api/v1/auth/refresh", method: .post, headers: [.cookie: cookie, BrowserSession.csrfHeader: String(csrf.reversed())])
            #expect(forged.status == .forbidden)

            let rotated = try await client.execute(uri: "/api/v1/auth/refresh", method: .post, headers: [.cookie: cookie, BrowserSession.csrfHeader: csrf])
            #expect(rotated.status == .ok)
            let next = Self.cookies(rotated)
            #expect(next["mp_refresh"] != nil && next["mp_refresh"] != refresh)
            // The old cookie again is reuse: refused, and the family is gone.
            let reuse = try await client.execute(uri: "/api/v1/auth/refresh", method: .post, headers: [.cookie: cookie, BrowserSession.csrfHeader: csrf])
            #expect(reuse.status == .unauthorized)

            let noBody = try await client.execute(uri: "/api/v1/auth/refresh", method: .post)
            #expect(noBody.status == .badRequest)
        }
    }

    @Test func aNewPasswordNeedsTheCurrentOneAndEndsOtherSessions() async throws {
        try await Auth.withClient { client in
            let email = Auth.email()
            let first = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
            let current = try #require(try Auth.object(first)["access_token"] as? String)
            let other = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
            let otherAccess = try #require(try Auth.object(other)["access_token"] as? String)
            let bearer: HTTPFields = [.authorization: "Bearer \(current)"]
            let newPassword = "a brand new passphrase here"

            let wrong = try await client.execute(
                uri: "/api/v1/users/me", method: .patch, headers: bearer, body: Auth.json(["current_password": "not it at all", "password": newPassword]))
            #expect(wrong.status == .forbidden)
            let weak = try await client.execute(
                uri: "/api/v1/users/me", method: .patch, headers: bearer, body: Auth.json(["current_password": Auth.password, "password": "password1"]))
            #expect(weak.status == .unprocessableContent)
            let changed = try await client.execute(
                uri: "/api/v1/users/me", method: .patch, headers: bearer, body: Auth.json(["current_password": Auth.password, "password": newPassword]))
            #expect(changed.status == .ok)

            let stillHere = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: bearer)
            #expect(stillHere.status == .ok)
            let otherSession = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: [.authorization: "Bearer \(otherAccess)"])
            #expect(otherSession.status == .unauthorized)
            let oldPassword = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
            #expect(oldPassword.status == .unauthorized)
            let newLogin = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Auth.json(["email": email, "password": newPassword]))
            #expect(newLogin.status == .ok)
        }
    }

    @Test func deletingTheAccountRemovesItEndsSessionsAndPublishesUserDeleted() async throws {
        let redis = try LocalStack.current().redis
        try await withSubscriber(redis) { subscriber in
            let log = MessageLog(subscriber)
            try await subscriber.subscribe([ChannelName.userDeleted])
            try await Auth.withClient { client in
                let email = Auth.email()
                let registered = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
                let access = try #require(try Auth.object(registered)["access_token"] as? String)
                let id = try #require((try Auth.object(registered)["user"] as? [String: Any])?["id"] as? String)
                let bearer: HTTPFields = [.authorization: "Bearer \(access)"]

                let refused = try await client.execute(uri: "/api/v1/users/me", method: .delete, headers: bearer, body: Auth.json(["password": "wrong password here"]))
                #expect(refused.status == .forbidden)
                let deleted = try await client.execute(uri: "/api/v1/users/me", method: .delete, headers: bearer, body: Auth.json(["password": Auth.password]))
                #expect(deleted.status == .noContent)

                let event = await eventually(timeout: .seconds(10)) { 
                    log.texts(on: ChannelName.userDeleted.description).contains { (try? UserDeleted.decode(wire: $0))?.userID.uuidString.lowercased() == id }
                }
                #expect(event)
                let me = try await client.execute(uri: "/api/v1/users/me", method: .get, headers: bearer)
                #expect(me.status == .unauthorized)
                let login = try await client.execute(uri: "/api/v1/auth/login", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
                #expect(login.status == .unauthorized)
                // The address is free again.
                let again = try await client.execute(uri: "/api/v1/auth/register", method: .post, body: Auth.json(["email": email, "password": Auth.password]))
                #expect(again.status == .created)
            }
        }
    }
}
