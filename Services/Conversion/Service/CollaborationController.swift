import ConversionEngine
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import RedisKit
import ServiceKit

/// Collaboration on a finished conversion's add-on, behind the gateway (and, for edits, realtime):
/// the file tree and files (as edited so far), invitations by email, JSON Patch edits stamped with
/// the document's next sequence number and published in order on `doc:{id}`, the operations since
/// a sequence (or a snapshot when the log no longer reaches back), and saving the edits as a new,
/// re-validated version of the download.
struct CollaborationController<Context: RequestContext>: Sendable {
    let conversions: ConversionController<Context>
    let store: CollaborationStore
    let channel: EventChannel
    let logger: Logger

    /// The largest file a client may read or edit as JSON.
    static var maxEditableBytes: Int { 1 << 20 }

    /// Who works on a conversion: its collaborators, its owner, and whether the caller is the owner.
    struct CollaboratorList: Encodable {
        let collaborators: [CollaborationStore.Collaborator]
        /// Lower-case, as every id the API writes.
        let owner: String
        let youOwn: Bool
        enum CodingKeys: String, CodingKey { case collaborators, owner, youOwn = "you_own" }
    }

    func addRoutes(to router: Router<Context>) {
        let group = router.group("/internal/v1/conversions/:id")
        group.get("files") { request, context in try await tree(request, context) }
        group.get("files/**") { request, context in try await file(request, context) }
        group.get("collaborators") { request, context in
            let (caller, record) = try await readable(request, context)
            return try jsonResponse(CollaboratorList(collaborators: try await store.collaborators(record.id, user: caller.id), owner: record.owner.uuidString.lowercased(),
                                                     youOwn: record.owner == caller.id))
        }
        group.post("collaborators") { request, context in try await invite(request, context) }
        group.delete("collaborators/:user") { request, context in
            let (caller, record) = try await readable(request, context)
            guard let user = context.parameters.get("user").flatMap(UUID.init(uuidString:)),
                  try await store.revoke(record.id, collaborator: user, user: caller.id) else {
                throw AppError.notFound("no such collaborator")
            }
            await Self.announceRevoked(record.id, user: user, publisher: channel.redis, logger: logger)
            return Response(status: .noContent)
        }
        group.post("edits") { request, context in try await edit(request, context) }
        group.get("edits") { request, context in try await operations(request, context) }
        group.post("save") { request, context in try await save(request, context) }
    }

    // MARK: - Reading

    /// The caller and a finished conversion they may read (404 otherwise, 409 before it finished).
    func readable(_ request: Request, _ context: Context) async throws -> (Caller, ConversionStore.Record) {
        let (caller, id) = try await conversions.target(request, context)
        guard let record = try await conversions.store.conversion(id, user: caller.id, admin: caller.admin) else { throw ConversionController<Context>.notFound }
        guard record.status == .completed, record.cacheKey != nil else {
            throw AppError(.conflict, code: "not_completed", message: "the conversion is \(record.status.rawValue); its files come when it completes")
        }
        return (caller, record)
    }

    /// The add-on as last saved (or as converted), read whole.
    func archive(_ record: ConversionStore.Record, version: Int) throws -> JarArchive {
        let url = version > 0
            ? try? conversions.artifacts.versionURL(conversion: record.id, version: version)
            : try? conversions.artifacts.resultFolder(record.cacheKey ?? "").appendingPathComponent("addon.mcaddon")
        guard let url, let data = try? Data(contentsOf: url) else { throw AppError(.gone, code: "result_expired", message: "the result is no longer kept") }
        do { return try JarArchive(data: data) } catch { throw AppError(.internalServerError, code: "addon_unreadable", message: "the stored add-on could not be read") }
    }

    struct Tree: Encodable {
        struct Entry: Encodable {
            let path: String
            let size: Int
            let editable: Bool
            let edited: Bool
        }
        let files: [Entry]
        let seq: Int
        let version: Int
    }

    private func tree(_ request: Request, _ context: Context) async throws -> Response {
        let (caller, record) = try await readable(request, context)
        let document = try await store.document(record.id, user: caller.id, admin: caller.admin)
        let archive = try archive(record, version: document.version)
        let edited = try await store.editedFiles(record.id, user: caller.id, admin: caller.admin)
        let entries = try archive.entryNames.filter(archive.contains).sorted().map { path in
            let size = try edited[path]?.utf8.count ?? archive.read(path).count
            return Tree.Entry(path: path, size: size, editable: path.hasSuffix(".json") && size <= Self.maxEditableBytes, edited: edited[path] != nil)
        }
        return try jsonResponse(Tree(files: entries, seq: document.seq, version: document.version))
    }

    private func file(_ request: Request, _ context: Context) async throws -> Response {
        let (caller, record) = try await readable(request, context)
        // Clients send the path as one segment with its slashes percent-encoded; the internal
        // listener may pass them on decoded, so every remaining segment belongs to it.
        let path = context.parameters.getCatchAll().compactMap { $0.removingPercentEncoding }.joined(separator: "/")
        guard !path.isEmpty, path.utf8.count <= 512, !path.split(separator: "/").contains("..") else { throw AppError.notFound("no such file") }
        let document = try await store.document(record.id, user: caller.id, admin: caller.admin)
        var headers: HTTPFields = [.cacheControl: "private, no-store"]
        headers[.documentSeq] = String(document.seq)
        if let edited = try await store.editedFile(record.id, path: path, user: caller.id, admin: caller.admin) {
            headers[.contentType] = "application/json; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: edited)))
        }
        let archive = try archive(record, version: document.version)
        guard archive.contains(path), let data = try? archive.read(path) else { throw AppError.notFound("no file \(path) in the add-on") }
        headers[.contentType] = path.hasSuffix(".json") ? "application/json; charset=utf-8" : path.hasSuffix(".png") ? "image/png" : "application/octet-stream"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    // MARK: - Collaborators

    struct InviteBody: Decodable { let email: String }

    private func invite(_ request: Request, _ context: Context) async throws -> Response {
        let (caller, record) = try await readable(request, context)
        guard record.owner == caller.id else { throw AppError(.forbidden, code: "owner_only", message: "only the conversion's owner invites collaborators") }
        let body = try await JSONBody.decode(InviteBody.self, request)
        let email = body.email.trimmingCharacters(in: .whitespaces)
        guard email.utf8.count <= 254, email.contains("@") else { throw AppError.badRequest("email must be an email address", code: "invalid_email") }
        switch try await store.invite(record.id, owner: caller.id, email: email) {
        case .invited(let collaborator): return try jsonResponse(collaborator, status: .created)
        case .noSuchUser: throw AppError(.notFound, code: "no_such_user", message: "no account has this email; ask them to register first")
        case .isOwner: throw AppError(.unprocessableContent, code: "is_owner", message: "the owner is not invited to their own conversion")
        }
    }

    /// Tells the realtime replicas a user (or everyone: `nil`) lost access to a conversion, so
    /// their open subscriptions to its channels end now rather than at the next check.
    static func announceRevoked(_ conversion: UUID, user: UUID?, publisher: any ChannelPublisher, logger: Logger) async {
        do { try await publisher.publish(AccessRevoked(conversionID: conversion, userID: user)) } catch {
            logger.warning("access revocation not announced", metadata: ["conversion_id": .string(conversion.uuidString.lowercased())])
        }
    }

    // MARK: - Edits

    struct EditBody: Decodable {
        let path: String
        let baseSeq: Int
        let ops: [JSONPatch.Operation]
        enum CodingKeys: String, CodingKey { case path, baseSeq = "base_seq", ops }
    }

    private func edit(_ request: Request, _ context: Context) async throws -> Response {
        let (caller, record) = try await readable(request, context)
        let body = try await JSONBody.decode(EditBody.self, request, limit: 256 << 10)
        let patch: JSONPatch
        do { patch = try JSONPatch(body.ops) } catch { throw AppError(.unprocessableContent, code: error.code, message: error.message) }
        let document = try await store.document(record.id, user: caller.id, admin: caller.admin)
        let archive = try archive(record, version: document.version)
        guard body.path.hasSuffix(".json"), archive.contains(body.path) else {
            throw AppError(.notFound, code: "no_such_file", message: "the add-on has no JSON file \(body.path)")
        }
        let data = try archive.read(body.path)
        let original: @Sendable () throws -> Contracts.JSONValue = {
            guard data.count <= Self.maxEditableBytes else { throw AppError(.contentTooLarge, code: "file_too_large", message: "the file is too large to edit") }
            return try JSONDecoder().decode(Contracts.JSONValue.self, from: data)
        }
        switch try await store.apply(record.id, user: caller.id, path: body.path, baseSeq: body.baseSeq, patch: patch, original: original) {
        case .success(let operation):
            await publish(record.id, upTo: operation.seq, caller: caller)
            logger.info("document edited", metadata: ["conversion_id": .string(record.id.uuidString.lowercased()), "seq": "\(operation.seq)"])
            return try jsonResponse(["seq": operation.seq])
        case .failure(.conflict(let current)):
            throw AppError(.conflict, code: "conflict", message: "the operation was made against \(body.baseSeq) and a later one (up to \(current)) changed the same paths; rebase and retry")
        case .failure(.futureBase(let current)):
            throw AppError(.conflict, code: "conflict", message: "base_seq \(body.baseSeq) is ahead of the document (\(current))")
        case .failure(.patch(let failure)):
            throw AppError(failure.code == "test_failed" ? .conflict : .unprocessableContent, code: failure.code, message: failure.message)
        }
    }

    /// Publishes the committed operations the channel has not carried yet, in order (racing
    /// publishers skip what another already sent). Redis being down loses nothing: clients
    /// catch up from the database when they resubscribe.
    private func publish(_ conversion: UUID, upTo seq: Int, caller: Caller) async {
        let name = ChannelName.doc(conversion)
        do {
            let last = try await channel.lastID(name.description)
            let from = max(last, seq - 50, 0)
            guard let pending = try await store.operations(conversion, since: from, user: caller.id, admin: caller.admin).operations else { return }
            for operation in pending where operation.seq <= seq {
                try await channel.publish(operation.event, on: name)
            }
        } catch {
            logger.warning("document operation not published", metadata: ["conversion_id": .string(conversion.uuidString.lowercased()), "error": "\(error)"])
        }
    }

    struct Since: Encodable {
        let seq: Int
        let snapshot: Bool
        /// The operations' event texts (JSON objects), oldest first.
        let operations: [String]
        /// With a snapshot: every edited file's current content (JSON texts), by path.
        let files: [String: String]?
    }

    private func operations(_ request: Request, _ context: Context) async throws -> Response {
        let (caller, record) = try await readable(request, context)
        guard let since = request.uri.queryParameters.get("since").flatMap(Int.init), since >= 0 else {
            throw AppError.badRequest("since must be a non-negative integer", code: "invalid_since")
        }
        let (found, seq) = try await store.operations(record.id, since: since, user: caller.id, admin: caller.admin)
        if let found {
            return try jsonResponse(Since(seq: seq, snapshot: false, operations: found.map(\.event.wireText), files: nil))
        }
        let files = try await store.editedFiles(record.id, user: caller.id, admin: caller.admin)
        return try jsonResponse(Since(seq: seq, snapshot: true, operations: [], files: files))
    }

    // MARK: - Saving

    struct Saved: Encodable {
        let version: Int
        let seq: Int
        let files: Int
        let size: Int
    }

    /// Writes the edited files into a new version of the add-on, after checking the packs still
    /// hang together (no cross-reference problem the conversion did not already have).
    private func save(_ request: Request, _ context: Context) async throws -> Response {
        let (caller, record) = try await readable(request, context)
        let current = try await store.document(record.id, user: caller.id, admin: caller.admin)
        let base = try archive(record, version: current.version)
        var baseFiles: [String: Data] = [:]
        for path in base.entryNames where base.contains(path) { baseFiles[path] = try base.read(path) }
        let original = baseFiles
        let artifacts = conversions.artifacts
        let conversion = record.id
        let (document, written) = try await store.save(record.id, user: caller.id) { version, edited in
                var files = original
                let before = Self.problems(files)
                for (path, text) in edited { files[path] = Data(text.utf8) }
                let introduced = Self.problems(files).subtracting(before)
                guard introduced.isEmpty else { throw AppError(.unprocessableContent, code: "invalid_addon", message: "the edits break the add-on: \(introduced.sorted().prefix(5).joined(separator: "; "))") }
                var writer = ZipWriter()
                for (path, data) in files.sorted(by: { $0.key < $1.key }) { writer.add(path, data) }
                let data = writer.finish()
                try artifacts.storeVersion(data, conversion: conversion, version: version)
                return (files: files.count, size: data.count)
        }
        logger.info("document saved", metadata: ["conversion_id": .string(record.id.uuidString.lowercased()), "version": "\(document.version)"])
        return try jsonResponse(Saved(version: document.version, seq: document.seq, files: written.files, size: written.size), status: .created)
    }

    /// The add-on's cross-reference problems, as text.
    static func problems(_ files: [String: Data]) -> Set<String> {
        var behavior: [String: Data] = [:], resource: [String: Data] = [:]
        for (path, data) in files {
            guard let slash = path.firstIndex(of: "/") else { continue }
            let pack = path[..<slash], inner = String(path[path.index(after: slash)...])
            if pack.hasSuffix("_BP") { behavior[inner] = data } else if pack.hasSuffix("_RP") { resource[inner] = data }
        }
        var found = Set(CrossReferenceCheck.run(behavior: behavior, resource: resource).map(\.description))
        for (path, data) in files where path.hasSuffix(".json") && (try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])) == nil {
            found.insert("\(path): not valid JSON")
        }
        return found
    }
}
