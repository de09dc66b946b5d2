import Contracts
import Foundation
import Logging
import PostgresNIO
import ServiceKit

/// The collaboration rows, under row-level security as the acting user: who is invited, the
/// document's sequence, its capped log of edit operations, the edited files' contents, and the
/// saved versions.
struct CollaborationStore: Sendable {
    let store: ConversionStore
    /// Operations kept per document; older ones are dropped (a client further behind gets a snapshot).
    static let logLimit = 500

    var logger: Logger { store.logger }

    struct Collaborator: Encodable, Sendable {
        let userID: UUID
        let email: String
        let createdAt: Date
        enum CodingKeys: String, CodingKey { case userID = "user_id", email, createdAt = "created_at" }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(userID.uuidString.lowercased(), forKey: .userID)
            try container.encode(email, forKey: .email)
            try container.encode(createdAt, forKey: .createdAt)
        }
    }

    /// One stored edit.
    struct Operation: Sendable {
        let seq: Int
        let baseSeq: Int
        let author: UUID
        let path: String
        let operations: String
        let createdAt: Date

        /// The event realtime forwards (`data` of a `doc:{id}` event, `id` = `seq`).
        var event: DocumentEditEvent {
            DocumentEditEvent(seq: seq, baseSeq: baseSeq, author: author, path: path, opsJSON: operations,
                              publishedMs: Int64(createdAt.timeIntervalSince1970 * 1000))
        }
    }

    /// The document's counters.
    struct Document: Sendable {
        var seq = 0
        var version = 0
    }

    // MARK: - Collaborators

    /// The conversion's owner, if `user` may read it, and whether `user` is that owner.
    func owner(of conversion: UUID, user: UUID, admin: Bool) async throws -> UUID? {
        try await store.conversion(conversion, user: user, admin: admin)?.owner
    }

    func collaborators(_ conversion: UUID, user: UUID) async throws -> [Collaborator] {
        try await store.transaction(user: user, role: .user) { connection in
            var found: [Collaborator] = []
            let rows = try await connection.query(
                "SELECT user_id, email, created_at FROM conversion_collaborators WHERE conversion_id = \(conversion) ORDER BY created_at, email",
                logger: logger)
            for try await (id, email, created) in rows.decode((UUID, String, Date).self) { found.append(Collaborator(userID: id, email: email, createdAt: created)) }
            return found
        }
    }

    /// What an invitation did.
    enum Invitation: Sendable { case invited(Collaborator), noSuchUser, isOwner }

    /// Invites the account with `email` (the owner only: anyone else's insert is refused by the
    /// policy and answered 404 by the caller).
    func invite(_ conversion: UUID, owner: UUID, email: String) async throws -> Invitation {
        try await store.transaction(user: owner, role: .user) { connection in
            var invited: UUID?
            for try await id in try await connection.query("SELECT user_id_by_email(\(email))", logger: logger).decode(UUID?.self) { invited = id }
            guard let invited else { return .noSuchUser }
            guard invited != owner else { return .isOwner }
            let normalised = email.trimmingCharacters(in: .whitespaces).lowercased()
            let rows = try await connection.query(
                """
                INSERT INTO conversion_collaborators (conversion_id, owner_id, user_id, email) VALUES (\(conversion), \(owner), \(invited), \(normalised))
                ON CONFLICT (conversion_id, user_id) DO UPDATE SET email = EXCLUDED.email
                RETURNING created_at
                """, logger: logger)
            var created = Date()
            for try await date in rows.decode(Date.self) { created = date }
            return .invited(Collaborator(userID: invited, email: normalised, createdAt: created))
        }
    }

    /// Revokes an invitation (the owner, or the collaborator leaving). - Returns: whether one existed.
    func revoke(_ conversion: UUID, collaborator: UUID, user: UUID) async throws -> Bool {
        try await store.transaction(user: user, role: .user) { connection in
            let rows = try await connection.query(
                "DELETE FROM conversion_collaborators WHERE conversion_id = \(conversion) AND user_id = \(collaborator) RETURNING user_id", logger: logger)
            for try await _ in rows.decode(UUID.self) { return true }
            return false
        }
    }

    // MARK: - The document

    func document(_ conversion: UUID, user: UUID, admin: Bool) async throws -> Document {
        try await store.transaction(user: user, role: admin ? .admin : .user) { connection in
            var document = Document()
            let rows = try await connection.query("SELECT seq, version FROM documents WHERE conversion_id = \(conversion)", logger: logger)
            for try await (seq, version) in rows.decode((Int, Int).self) { document = Document(seq: seq, version: version) }
            return document
        }
    }

    /// The edited content of one file, if it was edited.
    func editedFile(_ conversion: UUID, path: String, user: UUID, admin: Bool) async throws -> String? {
        try await store.transaction(user: user, role: admin ? .admin : .user) { connection in
            let rows = try await connection.query(
                "SELECT content::text FROM document_files WHERE conversion_id = \(conversion) AND file_path = \(path)", logger: logger)
            for try await text in rows.decode(String.self) { return text }
            return nil
        }
    }

    /// Every edited file's content.
    func editedFiles(_ conversion: UUID, user: UUID, admin: Bool) async throws -> [String: String] {
        try await store.transaction(user: user, role: admin ? .admin : .user) { connection in
            var files: [String: String] = [:]
            let rows = try await connection.query("SELECT file_path, content::text FROM document_files WHERE conversion_id = \(conversion)", logger: logger)
            for try await (path, text) in rows.decode((String, String).self) { files[path] = text }
            return files
        }
    }

    /// Why an edit was refused.
    enum EditRefusal: Error, Sendable {
        case conflict(current: Int)
        case futureBase(current: Int)
        case patch(JSONPatch.Failure)
    }

    /// Applies one patch made against `baseSeq` and stamps it with the next sequence number, in
    /// one transaction holding the document's row: refused when the base is stale and an operation
    /// since touched an overlapping path of the same file (or the log no longer reaches back).
    /// `original` reads the file as converted when it was never edited.
    func apply(
        _ conversion: UUID, user: UUID, path: String, baseSeq: Int, patch: JSONPatch, original: @escaping @Sendable () throws -> JSONValue
    ) async throws -> Result<Operation, EditRefusal> {
        try await store.transaction(user: user, role: .user) { connection in
            try await connection.query("INSERT INTO documents (conversion_id) VALUES (\(conversion)) ON CONFLICT DO NOTHING", logger: logger)
            var current = 0
            for try await seq in try await connection.query(
                "SELECT seq FROM documents WHERE conversion_id = \(conversion) FOR UPDATE", logger: logger
            ).decode(Int.self) { current = seq }
            guard baseSeq <= current else { return .failure(.futureBase(current: current)) }
            if baseSeq < current {
                var oldest = current + 1
                for try await seq in try await connection.query(
                    "SELECT coalesce(min(seq), \(current + 1)) FROM document_operations WHERE conversion_id = \(conversion)", logger: logger
                ).decode(Int.self) { oldest = seq }
                guard baseSeq >= oldest - 1 else { return .failure(.conflict(current: current)) }
                let rows = try await connection.query(
                    "SELECT touched FROM document_operations WHERE conversion_id = \(conversion) AND seq > \(baseSeq) AND file_path = \(path)",
                    logger: logger)
                for try await touched in rows.decode([String].self) {
                    if touched.contains(where: { old in patch.touched.contains { JSONPatch.overlap(old, $0) } }) {
                        return .failure(.conflict(current: current))
                    }
                }
            }
            var content: JSONValue?
            for try await text in try await connection.query(
                "SELECT content::text FROM document_files WHERE conversion_id = \(conversion) AND file_path = \(path)", logger: logger
            ).decode(String.self) { content = try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) }
            let edited: JSONValue
            do { edited = try patch.apply(to: try content ?? original()) } catch let failure as JSONPatch.Failure { return .failure(.patch(failure)) }
            let seq = current + 1
            let contentText = String(decoding: try JSONEncoder().encode(edited), as: UTF8.self)
            let operationsText = String(decoding: try JSONEncoder().encode(patch.operations), as: UTF8.self)
            try await connection.query(
                """
                INSERT INTO document_files (conversion_id, file_path, content, seq) VALUES (\(conversion), \(path), \(contentText)::jsonb, \(seq))
                ON CONFLICT (conversion_id, file_path) DO UPDATE SET content = EXCLUDED.content, seq = EXCLUDED.seq
                """, logger: logger)
            let created = try await connection.query(
                """
                INSERT INTO document_operations (conversion_id, seq, base_seq, author_id, file_path, operations, touched)
                VALUES (\(conversion), \(seq), \(baseSeq), \(user), \(path), \(operationsText)::jsonb, \(patch.touched)) RETURNING created_at
                """, logger: logger)
            var createdAt = Date()
            for try await date in created.decode(Date.self) { createdAt = date }
            try await connection.query("UPDATE documents SET seq = \(seq) WHERE conversion_id = \(conversion)", logger: logger)
            try await connection.query(
                "DELETE FROM document_operations WHERE conversion_id = \(conversion) AND seq <= \(seq - Self.logLimit)", logger: logger)
            return .success(Operation(seq: seq, baseSeq: baseSeq, author: user, path: path, operations: operationsText, createdAt: createdAt))
        }
    }

    /// The operations after `since`, oldest first; `nil` when the log no longer reaches back
    /// (the client takes a snapshot).
    func operations(_ conversion: UUID, since: Int, user: UUID, admin: Bool) async throws -> (operations: [Operation]?, seq: Int) {
        try await store.transaction(user: user, role: admin ? .admin : .user) { connection in
            var current = 0
            for try await seq in try await connection.query(
                "SELECT seq FROM documents WHERE conversion_id = \(conversion)", logger: logger
            ).decode(Int.self) { current = seq }
            guard since < current else { return ([], current) }
            var found: [Operation] = []
            let rows = try await connection.query(
                """
                SELECT seq, base_seq, author_id, file_path, operations::text, created_at FROM document_operations
                WHERE conversion_id = \(conversion) AND seq > \(since) ORDER BY seq
                """, logger: logger)
            for try await (seq, base, author, path, operations, created) in rows.decode((Int, Int, UUID, String, String, Date).self) {
                found.append(Operation(seq: seq, baseSeq: base, author: author, path: path, operations: operations, createdAt: created))
            }
            guard found.first?.seq == since + 1 else { return (nil, current) }
            return (found, current)
        }
    }

    /// Records a saved version after `write` stored its file; returns the version and the
    /// sequence it holds. `write` runs while the document's row is held, so saves are ordered.
    func save<Written: Sendable>(
        _ conversion: UUID, user: UUID, write: @escaping @Sendable (_ version: Int, _ edited: [String: String]) throws -> Written
    ) async throws -> (Document, Written) {
        try await store.transaction(user: user, role: .user) { connection in
            try await connection.query("INSERT INTO documents (conversion_id) VALUES (\(conversion)) ON CONFLICT DO NOTHING", logger: logger)
            var document = Document()
            for try await (seq, version) in try await connection.query(
                "SELECT seq, version FROM documents WHERE conversion_id = \(conversion) FOR UPDATE", logger: logger
            ).decode((Int, Int).self) { document = Document(seq: seq, version: version) }
            var edited: [String: String] = [:]
            for try await (path, text) in try await connection.query(
                "SELECT file_path, content::text FROM document_files WHERE conversion_id = \(conversion)", logger: logger
            ).decode((String, String).self) { edited[path] = text }
            document.version += 1
            let written = try write(document.version, edited)
            try await connection.query(
                "UPDATE documents SET version = \(document.version), saved_seq = seq, saved_at = now() WHERE conversion_id = \(conversion)", logger: logger)
            return (document, written)
        }
    }
}
