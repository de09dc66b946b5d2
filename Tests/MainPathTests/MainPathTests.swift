import Contracts
import Crypto
import EngineFixtures
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InternalHTTP
import JWTKit
import JWTVerification
import NIOCore
import NIOEmbedded
import RedisKit
import ServiceKit
import Testing
import TestSupport
@testable import ConversionService
@testable import RealtimeService

/// Signs service tokens as auth would, with a key of its own that the gate is told to trust.
struct ServiceSigner {
    let key = Curve25519.Signing.PrivateKey()
    let kid = "main-path-" + uniqueSuffix(6)

    var jwks: String {
        let x = key.publicKey.rawRepresentation.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return #"{"keys":[{"kty":"OKP","crv":"Ed25519","use":"sig","alg":"EdDSA","kid":"\#(kid)","x":"\#(x)"}]}"#
    }

    func token(caller: String, callee: String) async throws -> String {
        let keys = JWTKeyCollection()
        await keys.add(eddsa: try EdDSA.PrivateKey(backing: key), kid: JWKIdentifier(string: kid))
        let claims = ServiceTokenClaims(issuer: "modporter-auth", callee: callee, caller: caller, issuedAt: Date(), expiration: Date().addingTimeInterval(300))
        return try await keys.sign(claims, kid: JWKIdentifier(string: kid))
    }
}

/// The conversion service and a realtime hub wired to the in-memory repositories and channels,
/// the way `ConversionApplication` and `RealtimeApplication` wire them to PostgreSQL and Redis.
struct MainPath {
    let conversions = InMemoryConversions()
    let channels = InMemoryChannels()
    let settings: ConversionSettings
    let artifacts: ArtifactStore
    let router = Router(context: BasicRequestContext.self)
    let workers: ConversionWorkers
    let hub: ChannelHub
    let signer = ServiceSigner()
    /// The gate's client (never used: the gate trusts the signer's key), shut down by ``close()``.
    let client = InternalHTTPClient()
    let subscriber: InMemoryChannels.Subscriber

    init(workers count: Int = 1) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("main-path-" + uniqueSuffix()).path
        // PostgreSQL's variables are read (the service requires them) but never used here.
        settings = try ConversionSettings(environment: EnvironmentReader([
            "HTTP_PORT": "1", "POSTGRES_DB": "unused", "POSTGRES_USER": "unused", "POSTGRES_PASSWORD": "unused",
            "ARTIFACT_DIR": folder, "AUTH_URL": "http://127.0.0.1:9", "DOWNLOAD_LINK_SECRET": String(repeating: "s", count: 32),
            "CONVERSION_WORKERS": String(count),
        ]))
        artifacts = try ArtifactStore(root: folder)
        let logger = testLogger()
        let events = ProgressEvents(channel: channels, logger: logger)
        let gate = ServiceTokenGate(callee: "conversion", issuer: "modporter-auth", authURL: "http://127.0.0.1:9", client: client)
        try await gate.trust(jwksJSON: signer.jwks)
        let metrics = ConversionMetrics()
        ConversionController<BasicRequestContext>(
            settings: settings, store: conversions, artifacts: artifacts, events: events, revocations: channels, gate: gate, metrics: metrics, logger: logger, suggestions: nil
        ).addRoutes(to: router)
        workers = ConversionWorkers(settings: settings, queue: conversions, events: events, artifacts: artifacts, metrics: metrics, logger: logger,
                                    suggestions: nil)
        subscriber = channels.subscriber()
        hub = ChannelHub(subscriber: subscriber, publisher: channels, events: channels, metrics: RealtimeMetrics(), logger: logger)
    }

    /// Runs the hub and the workers around `body`, then stops them and closes what the path holds
    /// (whether `body` passed or threw).
    func running(_ body: @escaping () async throws -> Void) async throws {
        let (hub, workers) = (hub, workers)
        var failure: (any Error)?
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await hub.run() }
                group.addTask { try await workers.run() }
                defer { group.cancelAll() }
                try await body()
            }
        } catch {
            failure = error
        }
        subscriber.close()
        try await client.shutdown()
        if let failure { throw failure }
    }

    /// `POST /internal/v1/conversions` as the gateway forwards it for `user`.
    func upload(_ jar: Data, user: UUID) async throws -> (HTTPResponse.Status, [String: Any]) {
        let boundary = "mp-" + uniqueSuffix()
        var parts = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"mod.jar\"\r\n\r\n".utf8)
        parts.append(jar)
        parts.append(Data("\r\n--\(boundary)--\r\n".utf8))
        let body = ByteBuffer(bytes: Array(parts))
        let token = try await signer.token(caller: "gateway", callee: "conversion")
        let app = Application(router: router)
        return try await app.test(.router) { client in
            try await client.execute(
                uri: "/internal/v1/conversions", method: .post,
                headers: [
                    .authorization: "Bearer " + token, .contentType: "multipart/form-data; boundary=\(boundary)", .userID: user.uuidString.lowercased(),
                    .userPermissions: "conversions:create,conversions:read", .userRoles: "user",
                ],
                body: body
            ) { response in
                (response.status, (try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]) ?? [:])
            }
        }
    }

    /// A socket of `user`'s on this hub, subscribed to `channel` (its history replayed first).
    func socket(for user: UUID, subscribedTo channel: String) async throws -> Connection {
        let connection = Connection(
            user: user, session: UUID(), roles: ["user"], expiresAt: .distantFuture, limits: SocketLimits(), channel: EmbeddedChannel(),
            metrics: RealtimeMetrics())
        hub.register(connection)
        _ = try await hub.subscribe(connection, to: channel, since: nil)
        return connection
    }
}

/// The envelopes a socket receives until one satisfies `last`, or the deadline passes.
func envelopes(_ connection: Connection, until last: @escaping @Sendable ([String: Any]) -> Bool, within deadline: Duration = .seconds(60)) async throws
    -> [[String: Any]]
{
    let texts = try await withThrowingTaskGroup(of: [String]?.self) { group in
        group.addTask {
            var texts: [String] = []
            for await text in connection.outgoing {
                texts.append(text)
                if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], last(object) { return texts }
            }
            return texts
        }
        group.addTask {
            try await Task.sleep(for: deadline)
            return nil
        }
        let first = try await group.next() ?? nil
        group.cancelAll()
        return first
    }
    guard let texts else { throw TestSetupError("no closing envelope within \(deadline)") }
    return texts.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
}

/// The conversion platform's main path, upload → job → engine → events → WebSocket, on the
/// in-memory repositories and channels: no PostgreSQL, no Redis, no HTTP between services.
@Suite("Main path on in-memory repositories")
struct InMemoryMainPathTests {
    @Test func anUploadReachesASubscribedSocketStageByStageAndCompletes() async throws {
        let path = try await MainPath()
        let user = UUID()
        try await path.running {
            let (status, accepted) = try await path.upload(FixtureMod.fabric120.jar, user: user)
            #expect(status == .accepted)
            let id = try #require((accepted["id"] as? String).flatMap(UUID.init(uuidString:)))
            #expect(accepted["channel"] as? String == "conversion:" + id.uuidString.lowercased())
            let socket = try await path.socket(for: user, subscribedTo: try #require(accepted["channel"] as? String))
            let received = try await envelopes(socket) { ($0["data"] as? [String: Any])?["type"] as? String == "completed" }

            // Every event once, in order, ids 1, 2, 3 …: queued first, the engine's stages, completed last.
            let data = received.compactMap { $0["data"] as? [String: Any] }
            #expect(received.compactMap { $0["id"] as? Int } == Array(1...received.count))
            #expect(data.first?["type"] as? String == "queued")
            let stages = data.compactMap { $0["stage"] as? String }
            #expect(stages.first == "queued" && stages.last == "completed")
            #expect(Set(stages).isSuperset(of: ["analyzing", "converting", "packaging"]))
            let percents = data.compactMap { $0["percent"] as? Int }
            #expect(percents == percents.sorted() && percents.last == 100)

            // The repository holds the outcome; the artifact store holds the add-on.
            let record = try #require(try await path.conversions.conversion(id, user: user, admin: false))
            #expect(record.status == .completed && record.percent == 100 && record.summary != nil)
            #expect(try await path.conversions.conversion(id, user: UUID(), admin: false) == nil)
            #expect(try await path.conversions.depth() == 0)
            let key = try #require(record.cacheKey)
            #expect(path.artifacts.hasResult(key))
        }
    }

    @Test func theSameJarAgainIsAnsweredFromTheCacheAndItsOwnerHearsSo() async throws {
        let path = try await MainPath()
        let user = UUID()
        let jar = FixtureMod.forge120.jar
        try await path.running {
            let (_, first) = try await path.upload(jar, user: user)
            let socket = try await path.socket(for: user, subscribedTo: try #require(first["channel"] as? String))
            _ = try await envelopes(socket) { ($0["data"] as? [String: Any])?["type"] as? String == "completed" }
            let owner = try await path.socket(for: user, subscribedTo: ChannelName.user(user).description)
            let (status, second) = try await path.upload(jar, user: user)
            #expect(status == .accepted)
            #expect(second["from_cache"] as? Bool == true)
            let secondID = try #require(second["id"] as? String)
            let heard = try await envelopes(owner) { ($0["data"] as? [String: Any])?["conversion_id"] as? String == secondID }
            #expect((heard.last?["data"] as? [String: Any])?["type"] as? String == "completed")
            #expect(try await path.conversions.uploadsToday(user) == 2)
            let (items, total) = try await path.conversions.list(user: user, status: .completed, offset: 0, limit: 10)
            #expect(total == 2 && items.filter(\.fromCache).count == 1)
        }
    }
}

/// The in-memory queue keeps the PostgreSQL queue's rules, which the main path relies on.
@Suite("In-memory job queue rules")
struct InMemoryJobRulesTests {
    func queued(_ conversions: InMemoryConversions, owner: UUID = UUID(), maxAttempts: Int = 2) async throws -> UUID {
        try await conversions.enqueue(owner: owner, fileName: "mod.jar", sha256: String(repeating: "a", count: 64), size: 1, options: "{}",
                                      cacheKey: "key-" + uniqueSuffix(), maxAttempts: maxAttempts, expiresAt: .distantFuture, dailyLimit: nil,
                                      beforeCommit: { _ in })
    }

    @Test func oneWorkerHoldsAJobAndOnlyItsWritesCount() async throws {
        let conversions = InMemoryConversions()
        let id = try await queued(conversions)
        let lease = try #require(try await conversions.lease(worker: "a", for: .seconds(30)))
        #expect(lease.conversion == id && lease.attempt == 1 && !lease.expiredLease)
        #expect(try await conversions.lease(worker: "b", for: .seconds(30)) == nil)
        #expect(try await conversions.heartbeat(id, worker: "b", for: .seconds(30)) == .lost)
        #expect(try await conversions.complete(id, worker: "b", cacheKey: lease.cacheKey, summary: "{}", resultSHA256: "", resultSize: 0,
                                               report: "{}", cacheExpiry: .distantFuture) == false)
        #expect(try await conversions.complete(id, worker: "a", cacheKey: lease.cacheKey, summary: "{}", resultSHA256: "", resultSize: 0,
                                               report: "{}", cacheExpiry: .distantFuture))
        #expect(try await conversions.cachedSummary(lease.cacheKey) == "{}")
    }

    @Test func anExpiredLeaseIsTakenOverAndAFailedAttemptIsRetriedThenFails() async throws {
        let conversions = InMemoryConversions()
        let id = try await queued(conversions, maxAttempts: 2)
        _ = try #require(try await conversions.lease(worker: "a", for: .zero))
        let taken = try #require(try await conversions.lease(worker: "b", for: .seconds(30)))
        #expect(taken.expiredLease && taken.attempt == 2)
        #expect(try await conversions.fail(id, worker: "a", code: "x", message: "lost", retry: true, backoff: .zero) == false)
        // The last attempt fails for good.
        #expect(try await conversions.fail(id, worker: "b", code: "time_limit", message: "too slow", retry: true, backoff: .zero))
        #expect(try await conversions.lease(worker: "c", for: .seconds(30)) == nil)
    }

    @Test func aCancelledQueuedJobIsNeverLeasedAndTheQuotaCounts() async throws {
        let conversions = InMemoryConversions()
        let owner = UUID()
        let id = try await queued(conversions, owner: owner)
        #expect(try await conversions.cancelOrDelete(id, user: UUID()).0 == .notFound)
        #expect(try await conversions.cancelOrDelete(id, user: owner).0 == .cancelled)
        #expect(try await conversions.lease(worker: "a", for: .seconds(30)) == nil)
        _ = try await queued(conversions, owner: owner)
        await #expect(throws: QuotaExceeded.self) {
            _ = try await conversions.enqueue(owner: owner, fileName: "m.jar", sha256: "b", size: 1, options: "{}", cacheKey: "k", maxAttempts: 1,
                                              expiresAt: .distantFuture, dailyLimit: 2, beforeCommit: { _ in })
        }
        #expect(try await conversions.uploadsToday(owner) == 2)
    }
}

@Suite("In-memory channels keep Redis' rules")
struct InMemoryChannelsTests {
    @Test func historyIsCappedOldestFirstAndStampedLikeTheScript() async throws {
        let channels = InMemoryChannels(historyLimit: 3)
        for n in 1...5 { try await channels.publish("{\"n\":\(n)}", on: "user:x") }
        let kept = try await channels.history("user:x").map { try #require(EventStamp(event: $0)).id }
        #expect(kept == [3, 4, 5])
        #expect(try await channels.history("user:x", newest: 2).map { EventStamp(event: $0)?.id } == [4, 5])
        #expect(try await channels.publish("{}", on: "user:x", id: 4) == false)
        #expect(try await channels.publish("{}", on: "user:x", id: 9) == true)
        #expect(try await channels.history("user:x").count == 3)
        await #expect(throws: RedisError.self) { try await channels.publish("[1]", on: "user:x") }
    }
}
