import Contracts
import ConversionEngine
import EngineFixtures
import Foundation
import InternalHTTP
import RedisKit
import Testing
import TestSupport

/// The main path through nginx, the gateway and the conversion service of the test stack: upload,
/// live progress on Redis, completion, download, reports, the result cache, isolation, refusals.
@Suite("conversion: the main path through nginx", .serialized)
struct ConversionFlowTests {
    let stack: LocalStack
    let base: String
    /// One client for the whole run (it lives as long as the process).
    static let sharedClient = InternalHTTPClient()
    var client: InternalHTTPClient { Self.sharedClient }

    init() throws {
        stack = try LocalStack.current()
        base = "http://127.0.0.1:\(stack.port("NGINX_HTTP_PORT"))"
    }

    struct Answer {
        let status: Int
        let headers: [(name: String, value: String)]
        let body: [UInt8]
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
        var code: String? { (json["error"] as? [String: Any])?["code"] as? String }
        func header(_ name: String) -> String? { headers.first { $0.name.lowercased() == name.lowercased() }?.value }
    }

    func call(_ method: String, _ path: String, token: String? = nil, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) async throws -> Answer {
        var all = headers
        if let token { all.append(("Authorization", "Bearer \(token)")) }
        let exchange = try await client.send(method, base + path, headers: all, body: body, timeout: .seconds(120), maxBody: 64 << 20)
        return Answer(status: exchange.status, headers: exchange.headers, body: exchange.body)
    }

    /// A new account. Registered at a gateway replica directly, from an address of its own, so the
    /// per-address sign-up limit never mixes with other tests (through nginx every test is 127.0.0.1).
    func register() async throws -> String {
        let body = try JSONSerialization.data(withJSONObject: ["email": "conv-\(uniqueSuffix())@example.com", "password": "correct horse battery staple"])
        let gateway = "http://127.0.0.1:\(stack.ports("GATEWAY_PORTS")[0])"
        let exchange = try await client.send(
            "POST", gateway + "/api/v1/auth/register",
            headers: [("Content-Type", "application/json"), ("X-Forwarded-For", "10.78.\(Int.random(in: 0...255)).\(Int.random(in: 1...254))")],
            body: Array(body), timeout: .seconds(30))
        let answer = Answer(status: exchange.status, headers: exchange.headers, body: exchange.body)
        try #require(answer.status == 201, "\(String(decoding: answer.body, as: UTF8.self))")
        return try #require(answer.json["access_token"] as? String)
    }

    /// A multipart body with the file (and the options, when given).
    static func multipart(_ file: Data, name: String = "mod.jar", options: String? = nil) -> (String, [UInt8]) {
        let boundary = "mp-\(UUID().uuidString)"
        var body = Data()
        func add(_ text: String) { body.append(Data(text.utf8)) }
        add("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(name)\"\r\nContent-Type: application/java-archive\r\n\r\n")
        body.append(file)
        add("\r\n")
        if let options { add("--\(boundary)\r\nContent-Disposition: form-data; name=\"options\"\r\nContent-Type: application/json\r\n\r\n\(options)\r\n") }
        add("--\(boundary)--\r\n")
        return ("multipart/form-data; boundary=\(boundary)", Array(body))
    }

    func upload(_ jar: Data, token: String, name: String = "mod.jar", options: String? = nil) async throws -> Answer {
        let (type, body) = Self.multipart(jar, name: name, options: options)
        return try await call("POST", "/api/v1/conversions", token: token, headers: [("Content-Type", type)], body: body)
    }

    func waitForCompletion(_ id: String, token: String) async throws -> [String: Any] {
        var last: [String: Any] = [:]
        let done = try await eventually(timeout: .seconds(90), every: .milliseconds(100)) {
            last = try await call("GET", "/api/v1/conversions/\(id)", token: token).json
            return ["completed", "failed", "cancelled"].contains(last["status"] as? String ?? "")
        }
        try #require(done, "the conversion did not finish: \(last)")
        return last
    }

    @Test func aFixtureModConvertsWithLiveProgressAndAnIdenticalUploadComesFromTheCache() async throws {
        let token = try await register()
        try await withSubscriber(stack.redis) { subscriber in
            let log = MessageLog(subscriber)
            try await subscriber.psubscribe(["conversion:*"])
            // A jar of this run's own (a stack kept from an earlier run has the plain fixture cached).
            let fixture = FixtureMod.forge120
            let jar = FixtureMod(name: fixture.name, files: fixture.files + [("META-INF/run-\(uniqueSuffix()).txt", Data("run".utf8))], expected: fixture.expected).jar
            let accepted = try await upload(jar, token: token, name: "../Example Mod!.jar")
            #expect(accepted.status == 202, "\(String(decoding: accepted.body, as: UTF8.self))")
            let id = try #require(accepted.json["id"] as? String)
            #expect(accepted.header("Location") == "/api/v1/conversions/\(id)")
            #expect(accepted.json["channel"] as? String == "conversion:\(id)")
            #expect(accepted.json["queue_position"] as? Int != nil)

            let finished = try await waitForCompletion(id, token: token)
            #expect(finished["status"] as? String == "completed")
            #expect((finished["summary"] as? [String: Any])?["mod_id"] as? String == "gemcraft")

            // The events arrived on Redis in order, ids rising, one completion.
            let arrived = await eventually(timeout: .seconds(10)) { log.texts(on: "conversion:\(id)").contains { $0.contains(#""type":"completed""#) } }
            #expect(arrived)
            // Every message on the channel is a ProgressEvent of this conversion, stamped by the channel.
            let texts = log.texts(on: "conversion:\(id)")
            let events = try texts.map { try ProgressEvent.decode(wire: $0) }
            #expect(events.allSatisfy { $0.conversionID.uuidString.lowercased() == id })
            #expect(events.map(\.stage) == [.queued, .analyzing, .planning, .converting, .packaging, .validating, .completed], "\(events.map(\.stage))")
            let ids = try texts.map { try #require(EventStamp(event: $0)).id }
            #expect(ids == Array(ids.sorted()) && Set(ids).count == ids.count)
            #expect(events.filter { $0.type == .completed }.count == 1)
            #expect(events.last?.counts.isEmpty == false)

            // The add-on validates; the reports come in three formats.
            let download = try await call("GET", "/api/v1/conversions/\(id)/download", token: token)
            #expect(download.status == 200)
            #expect(download.header("Content-Disposition") == "attachment; filename=\"ExampleMod.mcaddon\"")
            let etag = try #require(download.header("ETag"))
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("flow-\(uniqueSuffix()).mcaddon")
            try Data(download.body).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let validation = try await runProcess(LocalStack.repositoryRoot + "/../shared/tools/validate-bedrock", [file.path])
            #expect(validation.status == 0, "\(validation.stdout)\(validation.stderr)")
            let range = try await call("GET", "/api/v1/conversions/\(id)/download", token: token, headers: [("Range", "bytes=0-99")])
            #expect(range.status == 206 && range.body.count == 100 && range.body == Array(download.body.prefix(100)))
            let unchanged = try await call("GET", "/api/v1/conversions/\(id)/download", token: token, headers: [("If-None-Match", etag)])
            #expect(unchanged.status == 304)

            // A signed link fetches the same bytes with no Authorization header; an altered one does not.
            let link = try await call("POST", "/api/v1/conversions/\(id)/download-link", token: token)
            #expect(link.status == 200)
            let url = try #require(link.json["url"] as? String)
            #expect(url.hasPrefix("/api/v1/downloads/") && link.json["expires_at"] as? String != nil)
            let fetched = try await call("GET", url)
            #expect(fetched.status == 200 && fetched.body == download.body)
            #expect(fetched.header("Content-Disposition") == "attachment; filename=\"ExampleMod.mcaddon\"")
            let altered = try await call("GET", String(url.dropLast(4)) + "AAAA")
            #expect(altered.status == 403 && altered.code == "invalid_link", "\(altered.status)")
            for (format, type) in [("json", "application/json"), ("html", "text/html"), ("csv", "text/csv")] {
                let report = try await call("GET", "/api/v1/conversions/\(id)/report?format=\(format)", token: token)
                #expect(report.status == 200)
                #expect(report.header("Content-Type")?.hasPrefix(type) == true)
                #expect(!report.body.isEmpty)
            }
            let badFormat = try await call("GET", "/api/v1/conversions/\(id)/report?format=pdf", token: token)
            #expect(badFormat.status == 400)

            // The same jar with the same options, from someone else: answered from the cache, their own id.
            let other = try await register()
            let cached = try await upload(jar, token: other)
            #expect(cached.status == 202)
            #expect(cached.json["from_cache"] as? Bool == true)
            let cachedID = try #require(cached.json["id"] as? String)
            #expect(cachedID != id)
            let cachedReport = try await call("GET", "/api/v1/conversions/\(cachedID)/report", token: other)
            #expect(cachedReport.json["from_cache"] as? Bool == true)
            #expect(cachedReport.json["conversion_id"] as? String == cachedID)

            // Another user sees none of the first conversion.
            for path in ["", "/report", "/download"] {
                #expect(try await call("GET", "/api/v1/conversions/\(id)\(path)", token: other).status == 404)
            }
            #expect(try await call("DELETE", "/api/v1/conversions/\(id)", token: other).status == 404)
            #expect(try await call("POST", "/api/v1/conversions/\(id)/download-link", token: other).status == 404)
            let othersList = try await call("GET", "/api/v1/conversions", token: other)
            #expect(othersList.json["total"] as? Int == 1)
            #expect((othersList.json["items"] as? [[String: Any]])?.first?["id"] as? String == cachedID)

            // Deleting a finished conversion removes it.
            #expect(try await call("DELETE", "/api/v1/conversions/\(id)", token: token).status == 204)
            #expect(try await call("GET", "/api/v1/conversions/\(id)", token: token).status == 404)
            let mine = try await call("GET", "/api/v1/conversions?status=completed", token: token)
            #expect(mine.json["total"] as? Int == 0)
        }
    }

    @Test func badUploadsAreRefusedWithPreciseCodesAndNothingIsStored() async throws {
        let token = try await register()
        let uploads = URL(fileURLWithPath: stack.value("ARTIFACT_DIR")).appendingPathComponent("uploads")
        let before = Set((try? FileManager.default.contentsOfDirectory(atPath: uploads.path)) ?? [])
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(repeating: 7, count: 200)
        let hostile = Dictionary(uniqueKeysWithValues: HostileFixture.all.map { ($0.name, $0.jar) })
        let cases: [(Data, String?, Int, String)] = [
            (png, nil, 415, "not_a_jar"),
            (try #require(hostile["zip-slip-parent"]), nil, 422, "unsafe_entry_name"),
            (try #require(hostile["zip-bomb-ratio"]), nil, 422, "zip_bomb"),
            (FixtureMod.fabric120.jar, "{not json", 400, "invalid_options"),
            (FixtureMod.fabric120.jar, #"{"target_engine": [1, 21, 40], "colour": "blue"}"#, 400, "invalid_options"),
            (FixtureMod.fabric120.jar, #"{"assumptions": "reckless"}"#, 400, "invalid_options"),
        ]
        for (jar, options, status, code) in cases {
            let answer = try await upload(jar, token: token, options: options)
            #expect(answer.status == status, "\(code): \(String(decoding: answer.body, as: UTF8.self))")
            #expect(answer.code == code)
        }
        let notMultipart = try await call("POST", "/api/v1/conversions", token: token, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        #expect(notMultipart.status == 415)
        let list = try await call("GET", "/api/v1/conversions", token: token)
        #expect(list.json["total"] as? Int == 0)
        let after = Set((try? FileManager.default.contentsOfDirectory(atPath: uploads.path)) ?? [])
        #expect(after.subtracting(before).isEmpty)
    }

    @Test func anUploadOverTheLimitIsRefusedWith413() async throws {
        let token = try await register()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(uniqueSuffix()).jar")
        try Data(count: 101 << 20).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // curl sends `Expect: 100-continue` and reads the refusal before sending the body, as a
        // browser or any careful client does.
        let result = try await runProcess("/usr/bin/curl", [
            "-s", "-o", "-", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(token)", "-F", "file=@\(file.path)", base + "/api/v1/conversions",
        ])
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.last == "413", "\(result.stdout.prefix(300))")
        #expect(lines.first?.contains("payload_too_large") == true || lines.first?.contains("upload_too_large") == true)
    }
}
