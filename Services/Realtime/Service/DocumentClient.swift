import Contracts
import Foundation
import InternalHTTP
import Logging

/// The conversion service's document routes, for `doc:{id}` channels: an `edit` goes there to be
/// stamped with the document's next sequence number (durable in PostgreSQL) and published in
/// order; a (re)joining subscriber's replay comes from the document's log there, or a snapshot
/// when the log no longer reaches back.
struct DocumentClient: Sendable {
    let client: InternalHTTPClient
    let credentials: ServiceCredentials
    let conversionURL: String
    let logger: Logger

    /// Applies one edit. - Returns: the sequence number it was given.
    /// - Throws: ``ProtocolError`` with the conversion service's code (`conflict`, `invalid_patch`,
    ///   `test_failed`, `no_such_file`, …) or `unavailable`.
    func edit(_ conversion: UUID, data: JSONValue?, as connection: Connection) async throws(ProtocolError) -> Int {
        guard case .object = data, let body = try? JSONEncoder().encode(data) else {
            throw ProtocolError("malformed_message", "an edit's data is {\"path\", \"base_seq\", \"ops\": [JSON Patch operations]}")
        }
        let exchange = try await call("POST", conversion, "edits", body: Array(body), as: connection)
        struct Stamped: Decodable { let seq: Int }
        guard exchange.status == 200, let stamped = try? JSONDecoder().decode(Stamped.self, from: Data(exchange.body)) else {
            throw Self.refusal(exchange)
        }
        return stamped.seq
    }

    /// What a subscriber replays: the operations after `since` as event texts, or a snapshot.
    func history(_ conversion: UUID, since: Int, as connection: Connection) async throws(ProtocolError) -> [(id: Int, text: String)] {
        struct Since: Decodable {
            let seq: Int
            let snapshot: Bool
            let operations: [String]
            let files: [String: String]?
        }
        let exchange = try await call("GET", conversion, "edits?since=\(since)", body: nil, as: connection)
        guard exchange.status == 200, let answer = try? JSONDecoder().decode(Since.self, from: Data(exchange.body)) else {
            throw Self.refusal(exchange)
        }
        if answer.snapshot {
            // The log no longer reaches back: every edited file as it is now, at `seq`.
            let files = (answer.files ?? [:]).sorted { $0.key < $1.key }.map { "\(JSONText.quote($0.key)):\($0.value)" }.joined(separator: ",")
            let text = "{\"type\":\"snapshot\",\"id\":\(answer.seq),\"seq\":\(answer.seq),\"files\":{\(files)},\"published_ms\":\(Envelope.now())}"
            return [(answer.seq, text)]
        }
        return answer.operations.compactMap { text in ChannelHub.parse(text).map { ($0.id, text) } }
    }

    private func call(_ method: String, _ conversion: UUID, _ tail: String, body: [UInt8]?, as connection: Connection) async throws(ProtocolError) -> InternalHTTPClient.Exchange {
        do {
            let token = try await credentials.token(for: "conversion")
            var headers: [(name: String, value: String)] = [
                ("Authorization", "Bearer " + token), ("X-User-ID", connection.user.uuidString.lowercased()),
                ("X-User-Permissions", (connection.isAdmin ? ["conversions:read", "conversions:read:any"] : ["conversions:read"]).joined(separator: ",")),
                ("X-User-Roles", connection.roles.joined(separator: ",")),
            ]
            if body != nil { headers.append(("Content-Type", "application/json")) }
            let exchange = try await client.send(
                method, "\(conversionURL)/internal/v1/conversions/\(conversion.uuidString.lowercased())/\(tail)", headers: headers, body: body,
                timeout: .seconds(5), maxBody: 8 << 20)
            if exchange.status == 401 { await credentials.invalidate("conversion") }
            return exchange
        } catch {
            logger.warning("document call failed", metadata: ["error": "\(error)"])
            throw ProtocolError("unavailable", "the document service cannot be reached right now; retry")
        }
    }

    /// The conversion service's refusal as a protocol error (its own code and message).
    static func refusal(_ exchange: InternalHTTPClient.Exchange) -> ProtocolError {
        struct Body: Decodable {
            struct Detail: Decodable { let code: String; let message: String }
            let error: Detail
        }
        if let body = try? JSONDecoder().decode(Body.self, from: Data(exchange.body)), exchange.status < 500 {
            return ProtocolError(exchange.status == 404 && body.error.code == "not_found" ? "forbidden" : body.error.code, body.error.message)
        }
        return ProtocolError("unavailable", "the document service answered \(exchange.status); retry")
    }
}
