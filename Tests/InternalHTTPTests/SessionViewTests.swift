import Contracts
import Foundation
@testable import InternalHTTP
import Logging
import RedisKit
import ServiceLifecycle
import Testing
import TestSupport

/// The gateway's local view of live sessions, against a real Redis: the stack's (whose
/// `sessions:ended` other tests publish on too, so every check here is on ids of its own) and a
/// private server for the connection-loss case.
@Suite("Session view: live sessions answered locally, ended ones forgotten through pub/sub")
struct SessionViewTests {
    let redis = try! LocalStack.current().redis

    /// Runs `body` with the view running as a service, then shuts it down.
    func withView(_ configuration: RedisConfiguration, maximumAge: Duration = .seconds(30),
                  _ body: @Sendable (SessionView) async throws -> Void) async throws {
        let view = SessionView(redis: configuration, logger: testLogger(), maximumAge: maximumAge)
        var settings = ServiceGroupConfiguration(services: [view], logger: testLogger())
        settings.maximumGracefulShutdownDuration = .seconds(30)
        let group = ServiceGroup(configuration: settings)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body(view)
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// Remembers `session` as live for `owner`, retrying when another test's announcement moved
    /// the epoch between the lookup and the read (which is what the epoch is for).
    func remember(_ view: SessionView, _ session: UUID, owner: UUID, remaining: Duration? = .seconds(60)) async -> Bool {
        await eventually {
            guard case .unknown(let epoch?) = view.lookup(session) else { return view.lookup(session) == .live(owner) }
            view.remember(session, owner: owner, remaining: remaining, epoch: epoch)
            return view.lookup(session) == .live(owner)
        }
    }

    @Test func aSessionSeenLiveIsAnsweredLocallyUntilAuthAnnouncesItsEnd() async throws {
        try await withView(redis) { view in
            let session = UUID(), owner = UUID(), other = UUID()
            #expect(await remember(view, session, owner: owner))
            #expect(await remember(view, other, owner: owner))
            try await withClient(redis) { client in
                _ = try await client.publish(SessionEnded(sessionID: session))
            }
            #expect(await eventually { view.lookup(session) != .live(owner) })
            #expect(view.lookup(other) == .live(owner), "only the announced session is forgotten")
        }
    }

    @Test func aReadThatAnEndOvertookIsNotRemembered() async throws {
        try await withView(redis) { view in
            let session = UUID()
            #expect(await eventually { if case .unknown(.some) = view.lookup(session) { true } else { false } })
            guard case .unknown(let epoch?) = view.lookup(session) else { Issue.record("the view is not answering"); return }
            view.ended(UUID())  // some session ends while the read is in flight
            view.remember(session, owner: UUID(), remaining: .seconds(60), epoch: epoch)
            if case .live = view.lookup(session) { Issue.record("a read older than an end was remembered") }
        }
    }

    @Test func theKeysOwnExpiryAndTheMaximumAgeBoundTheAnswer() async throws {
        try await withView(redis, maximumAge: .milliseconds(300)) { view in
            let expiring = UUID(), aging = UUID(), owner = UUID()
            #expect(await remember(view, expiring, owner: owner, remaining: .milliseconds(100)))
            #expect(await remember(view, aging, owner: owner, remaining: nil))
            #expect(await eventually { view.lookup(expiring) != .live(owner) })
            #expect(await eventually { view.lookup(aging) != .live(owner) })
        }
    }

    @Test func logoutEverywhereForgetsEverySessionOfTheUser() async throws {
        try await withView(redis) { view in
            let user = UUID(), first = UUID(), second = UUID(), stranger = UUID()
            #expect(await remember(view, first, owner: user))
            #expect(await remember(view, second, owner: user))
            #expect(await remember(view, stranger, owner: UUID()))
            view.ended(user: user)
            #expect(view.lookup(first) != .live(user))
            #expect(view.lookup(second) != .live(user))
            if case .live = view.lookup(stranger) {} else { Issue.record("another user's session was forgotten") }
        }
    }

    @Test func nothingIsAnsweredWhileThePubSubConnectionIsDownAndTheViewStartsOverAfter() async throws {
        let server = try await RedisServerProcess()
        let configuration = RedisConfiguration(host: "127.0.0.1", port: server.port, password: server.password, connectTimeout: .seconds(1))
        try await withView(configuration) { view in
            let session = UUID(), owner = UUID()
            #expect(await remember(view, session, owner: owner))
            await server.stop()
            // Ends announced now would be lost: the view stops answering.
            #expect(await eventually { view.lookup(session) == .unknown(epoch: nil) })
            try await server.start()
            #expect(await eventually(timeout: .seconds(15)) { if case .unknown(.some) = view.lookup(session) { true } else { false } })
        }
        await server.stop()
    }
}

/// The session check through the view, against the stack's Redis.
@Suite("Session check: an error reply is Redis unable to answer, not an ended session")
struct SessionCheckTests {
    let redis = try! LocalStack.current().redis

    @Test func anErrorReplyIsThrownNotReadAsNoSession() async throws {
        try await withClient(redis) { client in
            let view = SessionView(redis: redis, logger: testLogger())
            let http = InternalHTTPClient()
            defer { Task { try? await http.shutdown() } }
            let authenticator = TokenAuthenticator(
                issuer: "test", audience: "test", jwksURL: "http://127.0.0.1:1/jwks", client: http, redis: client,
                sessionView: view, logger: testLogger())
            let session = UUID(), owner = UUID()
            let key = RESPArgument("session:\(session.uuidString.lowercased())")
            // A reply Redis gives as an error inside the pipeline (the key holds a list).
            _ = try await client.send(["RPUSH", key, "x"])
            await #expect(throws: RedisError.self) { _ = try await authenticator.owner(of: session) }
            _ = try await client.send(["DEL", key])
            #expect(try await authenticator.owner(of: session) == nil)
            _ = try await client.send(["SET", key, RESPArgument(owner.uuidString.lowercased()), "EX", "60"])
            #expect(try await authenticator.owner(of: session) == owner)
            _ = try await client.send(["DEL", key])
        }
    }
}
