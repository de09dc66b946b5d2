import Crypto
import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import ServiceKit

/// The Bedrock knowledge base in pgvector: entries (`Services/AIEngine/Knowledge/entries.jsonl`,
/// the project's own descriptions of Bedrock components, recipe types and Script API events) with
/// their embeddings, searched by cosine distance through the HNSW index.
public struct KnowledgeBase: Sendable {
    /// One entry of the source file.
    public struct Entry: Codable, Sendable {
        public var id: String
        public var kind: String
        public var title: String
        public var text: String

        /// What is embedded: the title, then the description.
        public var document: String { title + ". " + text }
    }

    /// A search hit.
    public struct Hit: Codable, Sendable {
        public var id: String
        public var kind: String
        public var title: String
        public var text: String
        public var similarity: Double
    }

    /// What a refresh did.
    public struct RefreshReport: Codable, Sendable, Equatable {
        public var added = 0, updated = 0, unchanged = 0, removed = 0
    }

    let postgres: PostgresClient
    let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    /// Reads a JSON-lines file of entries, refusing a malformed line, a duplicate id or an empty text.
    public static func read(_ path: String) throws -> [Entry] {
        let content = try String(contentsOfFile: path, encoding: .utf8)
        var seen = Set<String>()
        var entries: [Entry] = []
        for (number, line) in content.split(separator: "\n").enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            guard let entry = try? JSONDecoder().decode(Entry.self, from: Data(line.utf8)) else {
                throw AppError.badRequest("\(path):\(number + 1) is not a knowledge entry (id, kind, title, text)")
            }
            guard isKind(entry.kind) else {
                throw AppError.badRequest("\(path):\(number + 1): the kind must be 1–64 of a-z, 0-9, '_', '.', '-', starting with a letter or digit")
            }
            guard !entry.text.isEmpty, !entry.title.isEmpty, seen.insert(entry.id).inserted else {
                throw AppError.badRequest("\(path):\(number + 1): empty text or title, or the id \(entry.id) again")
            }
            entries.append(entry)
        }
        return entries
    }

    /// Makes the table match `entries` embedded by `model`: new and changed entries (their text or
    /// the embedder changed) are embedded and written, unchanged ones left, absent ones removed.
    public func refresh(_ entries: [Entry], model: String, embed: ([String]) async throws -> [[Float]]) async throws -> RefreshReport {
        var stored: [String: String] = [:]
        for try await (id, sha) in try await postgres.query("SELECT id, text_sha256 FROM knowledge_entries", logger: logger).decode((String, String).self) {
            stored[id] = sha
        }
        var report = RefreshReport()
        let changed = entries.filter { stored[$0.id] != Self.fingerprint($0, model: model) }
        for start in stride(from: 0, to: changed.count, by: 32) {
            let chunk = Array(changed[start..<min(start + 32, changed.count)])
            let vectors = try await embed(chunk.map(\.document))
            for (entry, vector) in zip(chunk, vectors) {
                if stored[entry.id] == nil { report.added += 1 } else { report.updated += 1 }
                try await postgres.query(
                    """
                    INSERT INTO knowledge_entries (id, kind, title, body, text_sha256, model, embedding, updated_at)
                    VALUES (\(entry.id), \(entry.kind), \(entry.title), \(entry.text), \(Self.fingerprint(entry, model: model)), \(model),
                            \(Self.literal(vector))::vector, now())
                    ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, title = excluded.title, body = excluded.body,
                        text_sha256 = excluded.text_sha256, model = excluded.model, embedding = excluded.embedding, updated_at = now()
                    """, logger: logger)
            }
        }
        report.unchanged = entries.count - changed.count
        let keep = Set(entries.map(\.id))
        for id in stored.keys where !keep.contains(id) {
            try await postgres.query("DELETE FROM knowledge_entries WHERE id = \(id)", logger: logger)
            report.removed += 1
        }
        return report
    }

    /// Whether `kind` is a well-formed entry kind (what search accepts as a filter): the rule of
    /// model names — 1–64 of `a-z 0-9 _ . -`, starting with a letter or digit.
    public static func isKind(_ kind: String) -> Bool { ModelName.isValid(kind) }

    /// The `k` entries nearest to `vector` by cosine similarity (optionally of one `kind`).
    public func search(_ vector: [Float], k: Int, kind: String? = nil) async throws -> [Hit] {
        let rows = try await postgres.query(
            """
            SELECT id, kind, title, body, 1 - (embedding <=> \(Self.literal(vector))::vector) AS similarity
            FROM knowledge_entries WHERE \(kind)::text IS NULL OR kind = \(kind)
            ORDER BY embedding <=> \(Self.literal(vector))::vector LIMIT \(k)
            """, logger: logger)
        var hits: [Hit] = []
        for try await (id, kind, title, body, similarity) in rows.decode((String, String, String, String, Double).self) {
            hits.append(Hit(id: id, kind: kind, title: title, text: body, similarity: similarity))
        }
        return hits
    }

    /// A digest of every entry (id, and the fingerprint of its kind, text and embedder): it changes
    /// whenever an entry is added, changed or removed. Empty knowledge base: `"empty"`.
    public func digest() async throws -> String {
        let rows = try await postgres.query(
            "SELECT coalesce(md5(string_agg(id || ':' || text_sha256, ',' ORDER BY id)), 'empty') FROM knowledge_entries", logger: logger)
        for try await digest in rows.decode(String.self) { return digest }
        return "empty"
    }

    /// The entry's text and the embedder's name hashed together: either changing re-embeds it.
    static func fingerprint(_ entry: Entry, model: String) -> String {
        SHA256.hash(data: Data((model + "\n" + entry.kind + "\n" + entry.document).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// pgvector's text form, `[a,b,…]`.
    static func literal(_ vector: [Float]) -> String {
        "[" + vector.map { String($0) }.joined(separator: ",") + "]"
    }
}
