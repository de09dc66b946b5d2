import ConversionEngine
import Foundation
import HTTPTypes
import Hummingbird
import InternalHTTP
import JWTVerification
import Logging
import Metrics
import MultipartKit
import NIOCore
import RedisKit
import ServiceKit

/// Who the gateway says is calling: the verified user, their roles and permissions. Trusted only
/// on a request carrying a service token from the gateway.
struct Caller: Sendable {
    let user: UUID
    let permissions: Set<String>
    /// The user's roles (`X-User-Roles`; `user` when the gateway named none), for quotas.
    let roles: [String]
    var admin: Bool { permissions.contains("conversions:read:any") }
}

/// The conversion service's routes, reached only through the internal listener with a service
/// token (the gateway forwards the verified user in `X-User-ID` / `X-User-Permissions`):
/// uploads (multipart, streamed to disk while hashed), status, the list, reports, downloads,
/// cancel and delete. Another user's conversion is 404.
public struct ConversionController<Context: RequestContext>: Sendable {
    let settings: ConversionSettings
    let store: ConversionStore
    let artifacts: ArtifactStore
    let events: ProgressEvents
    let gate: ServiceTokenGate
    let metrics: ConversionMetrics
    let logger: Logger
    /// The AI hook, asked what its suggestions come from for the result-cache key.
    let suggestions: AISuggestions?

    /// `suggestions`: the AI hook, asked for the result-cache key (nil without an ai-engine).
    init(settings: ConversionSettings, store: ConversionStore, artifacts: ArtifactStore, events: ProgressEvents, gate: ServiceTokenGate,
         metrics: ConversionMetrics, logger: Logger, suggestions: AISuggestions?) {
        self.suggestions = suggestions
        self.settings = settings
        self.store = store
        self.artifacts = artifacts
        self.events = events
        self.gate = gate
        self.metrics = metrics
        self.logger = logger
    }

    public func addRoutes(to router: Router<Context>) {
        let group = router.group("/internal/v1/conversions")
        group.post { request, context in try await upload(request, context) }
        group.get { request, _ in try await list(request) }
        group.get("limits") { request, _ in try await limits(request) }
        group.get(":id") { request, context in
            let (caller, id) = try await target(request, context)
            guard let record = try await store.conversion(id, user: caller.user, admin: caller.admin) else { throw Self.notFound }
            return try jsonResponse(ConversionBody(record))
        }
        group.get(":id/report") { request, context in try await report(request, context) }
        group.get(":id/previews") { request, context in try await previews(request, context) }
        group.get(":id/previews/:name") { request, context in try await previewImage(request, context) }
        group.get(":id/download") { request, context in try await download(request, context) }
        group.post(":id/download-link") { request, context in try await downloadLink(request, context) }
        router.get("/internal/v1/downloads/:token") { request, context in try await signedDownload(request, context) }
        group.delete(":id") { request, context in
            let (caller, id) = try await target(request, context)
            let (removal, sha) = try await store.cancelOrDelete(id, user: caller.user)
            switch removal {
            case .notFound: throw Self.notFound
            case .cancelled:
                await events.publish(id, type: "cancelled", stage: "cancelled", percent: 0, message: "cancelled by the user", alsoToUser: caller.user)
                return try jsonResponse(["status": "cancelled"], status: .accepted)
            case .deleted:
                artifacts.remove(versionsOf: id)
                await CollaborationController<Context>.announceRevoked(id, user: nil, redis: events.channel.redis, logger: logger)
                if let sha, try await !store.uploadReferenced(sha) { artifacts.remove(upload: sha) }
                return Response(status: .noContent)
            }
        }
    }

    static var notFound: AppError { AppError.notFound("no such conversion") }

    static func dailyQuota(_ limit: Int) -> AppError {
        AppError(.forbidden, code: "quota_conversions_per_day",
                 message: "your role's quota of \(limit) conversions per day is used up (quota conversions_per_day); it renews at 00:00 UTC")
    }

    // MARK: - Identity

    /// The calling user, after the service token checks out.
    func caller(_ request: Request, needs permission: String) async throws -> Caller {
        try await requireService(request)
        let user = try ForwardedUser(request.headers, needs: permission)
        return Caller(user: user.id, permissions: user.permissions, roles: user.roles)
    }

    /// Checks the request carries a service token (from the gateway).
    func requireService(_ request: Request) async throws {
        do {
            _ = try await gate.caller(authorization: request.headers[.authorization])
        } catch {
            throw AppError(.unauthorized, code: error.code, message: error.message)
        }
    }

    func target(_ request: Request, _ context: Context) async throws -> (Caller, UUID) {
        let caller = try await caller(request, needs: "conversions:read")
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw Self.notFound }
        return (caller, id)
    }

    // MARK: - Upload

    struct Accepted: Encodable {
        let id: String
        let status: String
        let statusURL: String
        let channel: String
        let queuePosition: Int
        let fromCache: Bool
        enum CodingKeys: String, CodingKey {
            case id, status, statusURL = "status_url", channel, queuePosition = "queue_position", fromCache = "from_cache"
        }
    }

    private func upload(_ request: Request, _ context: Context) async throws -> Response {
        let caller = try await caller(request, needs: "conversions:create")
        guard let type = request.headers[.contentType], type.lowercased().hasPrefix("multipart/form-data"),
              let boundary = HeaderParameters.value("boundary", in: type), !boundary.isEmpty, boundary.count <= 70 else {
            throw AppError(.unsupportedMediaType, code: "multipart_required", message: "send multipart/form-data with a file part")
        }
        // Quotas first, before a byte of the body is read: the day's conversions, the jar's size.
        let dailyLimit = settings.quotas.dailyLimit(roles: caller.roles)
        if let dailyLimit, try await store.uploadsToday(caller.user) >= dailyLimit { throw Self.dailyQuota(dailyLimit) }
        var limit = settings.uploadLimit
        var overLimit = AppError(.contentTooLarge, code: "upload_too_large", message: "the upload is larger than \(settings.uploadLimit) bytes")
        if let jarLimit = settings.quotas.jarLimit(roles: caller.roles), jarLimit < limit {
            limit = jarLimit
            overLimit = AppError(.forbidden, code: "quota_max_jar_bytes",
                                 message: "the jar is larger than your role's quota of \(jarLimit) bytes (quota max_jar_bytes)")
            // A body far past the quota is refused from its declared length (multipart adds a few KiB).
            if let length = request.headers[.contentLength].flatMap(Int.init), length > jarLimit + 64 << 10 { throw overLimit }
        }
        let parts = UploadParts(store: artifacts, limit: limit, overLimit: overLimit)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in parts.header(name, value) }
        parser.onBody = { buffer in parts.body(&buffer) }
        parser.onPartComplete = { parts.complete() }
        do {
            for try await chunk in request.body {
                do { try parser.execute(chunk) } catch {
                    throw AppError.badRequest("the multipart body is malformed", code: "invalid_upload")
                }
                if let refusal = parts.refusal { throw refusal }
            }
        } catch {
            parts.sink?.discard()
            throw error
        }
        guard let sink = parts.sink, parts.sawFile else {
            throw AppError.badRequest("the file part is missing", code: "file_required")
        }
        let head = sink.head
        let size = sink.size
        let sha = try sink.finish()
        do {
            guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
                throw AppError(.unsupportedMediaType, code: "not_a_jar", message: "the file is not a .jar or .zip archive (its content says otherwise)")
            }
            let options = try parts.sawOptions ? ConversionRequestOptions.parse(parts.options) : ConversionRequestOptions()
            // The archive's own structure is checked now (entry names, sizes, compression ratios):
            // a hostile upload is refused before anything is kept.
            if let error = await Self.archiveProblem(sink.url) {
                throw AppError(.unprocessableContent, code: Self.code(error), message: error.description)
            }
            let canonical = options.canonicalJSON
            let models = await suggestions?.sources(requestID: context.requestID ?? "upload-" + UUID().uuidString.lowercased()) ?? "none"
            let key = ConversionRequestOptions.cacheKey(sha256: sha, options: canonical, models: models)
            let expiry = Date().addingTimeInterval(Double(settings.retention.components.seconds))
            try artifacts.promoteUpload(sink.url, sha256: sha)
            let id: UUID
            var fromCache = false
            if let summary = try await store.cachedSummary(key), artifacts.hasResult(key) {
                id = try await store.completeFromCache(
                    owner: caller.user, fileName: parts.fileName, sha256: sha, size: Int64(size), options: canonical, cacheKey: key, summary: summary,
                    expiresAt: expiry, dailyLimit: dailyLimit)
                fromCache = true
                metrics.cacheHits.increment()
                await events.publish(id, type: "completed", stage: "completed", percent: 100, message: "answered from the result cache", alsoToUser: caller.user)
            } else {
                let events = events
                id = try await store.enqueue(
                    owner: caller.user, fileName: parts.fileName, sha256: sha, size: Int64(size), options: canonical, cacheKey: key,
                    maxAttempts: settings.maxAttempts, expiresAt: expiry, dailyLimit: dailyLimit
                ) { id in
                    await events.publish(id, type: "queued", stage: "queued", percent: 0, message: "waiting for a worker")
                }
            }
            let position = fromCache ? 0 : try await store.queuePosition(id)
            let lowercased = id.uuidString.lowercased()
            var response = try jsonResponse(Accepted(
                id: lowercased, status: fromCache ? "completed" : "queued", statusURL: "/api/v1/conversions/\(lowercased)",
                channel: ProgressEvents.channel(id), queuePosition: position, fromCache: fromCache), status: .accepted)
            response.headers[.location] = "/api/v1/conversions/\(lowercased)"
            logger.info("conversion accepted", metadata: [
                "conversion_id": .string(lowercased), "bytes": .stringConvertible(size), "from_cache": .stringConvertible(fromCache),
                "request_id": .string(context.requestID ?? "-"),
            ])
            return response
        } catch let refusal as ConversionRequestOptions.Refusal {
            try? FileManager.default.removeItem(at: sink.url)
            throw AppError.badRequest(refusal.message, code: "invalid_options")
        } catch let exceeded as QuotaExceeded {
            try? FileManager.default.removeItem(at: sink.url)
            throw Self.dailyQuota(exceeded.limit)
        } catch {
            try? FileManager.default.removeItem(at: sink.url)
            throw error
        }
    }

    /// Why the archive's structure is refused, if it is (checked on a dispatch thread: a central
    /// directory of 100,000 entries is real work).
    static func archiveProblem(_ url: URL) async -> JarError? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                do {
                    _ = try JarArchive(data: try Data(contentsOf: url, options: .alwaysMapped))
                    continuation.resume(returning: nil)
                } catch let error as JarError {
                    continuation.resume(returning: error)
                } catch {
                    continuation.resume(returning: .notAZip)
                }
            }
        }
    }

    static func code(_ error: JarError) -> String {
        switch error {
        case .notAZip: "not_a_jar"
        case .unsafeEntryName: "unsafe_entry_name"
        case .duplicateEntry: "duplicate_entry"
        case .tooManyEntries: "too_many_entries"
        case .tooLarge, .entryTooLarge, .suspiciousCompression: "zip_bomb"
        case .missingEntry, .unreadableEntry: "unreadable_archive"
        }
    }

    // MARK: - Reading

    struct ConversionBody: Encodable {
        let id: String
        let status: String
        let stage: String
        let progress: Int
        let message: String
        let fileName: String
        let fromCache: Bool
        let createdAt: Date
        let startedAt: Date?
        let finishedAt: Date?
        let summary: JSONFragment?
        let error: [String: String]?
        let links: [String: String]
        enum CodingKeys: String, CodingKey {
            case id, status, stage, progress, message, fileName = "file_name", fromCache = "from_cache", createdAt = "created_at",
                 startedAt = "started_at", finishedAt = "finished_at", summary, error, links
        }

        init(_ record: ConversionStore.Record) {
            let base = "/api/v1/conversions/\(record.id.uuidString.lowercased())"
            id = record.id.uuidString.lowercased()
            status = record.status
            stage = record.stage
            progress = record.percent
            message = record.message
            fileName = record.fileName
            fromCache = record.fromCache
            createdAt = record.createdAt
            startedAt = record.startedAt
            finishedAt = record.finishedAt
            summary = record.summary.map(JSONFragment.init)
            error = record.errorCode.map { ["code": $0, "message": record.errorMessage ?? ""] }
            links = record.status == "completed"
                ? ["self": base, "report": base + "/report", "download": base + "/download"] : ["self": base]
        }
    }

    struct Page: Encodable {
        let items: [ConversionBody]
        let page: Int
        let pageSize: Int
        let total: Int
        enum CodingKeys: String, CodingKey { case items, page, pageSize = "page_size", total }
    }

    /// What the caller may upload, so a client can check a file before sending it: the largest
    /// upload this caller may send (the service's limit, or their role's tighter jar quota), the
    /// day's quota and how much of it is used.
    struct Limits: Encodable {
        let maxUploadBytes: Int
        let conversionsPerDay: Int?
        let usedToday: Int
        let acceptedExtensions: [String]
        enum CodingKeys: String, CodingKey {
            case maxUploadBytes = "max_upload_bytes", conversionsPerDay = "conversions_per_day", usedToday = "used_today"
            case acceptedExtensions = "accepted_extensions"
        }
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(maxUploadBytes, forKey: .maxUploadBytes)
            try container.encode(conversionsPerDay, forKey: .conversionsPerDay)  // null: unlimited
            try container.encode(usedToday, forKey: .usedToday)
            try container.encode(acceptedExtensions, forKey: .acceptedExtensions)
        }
    }

    private func limits(_ request: Request) async throws -> Response {
        let caller = try await caller(request, needs: "conversions:read")
        let jarLimit = settings.quotas.jarLimit(roles: caller.roles).map { min($0, settings.uploadLimit) } ?? settings.uploadLimit
        return try jsonResponse(Limits(maxUploadBytes: jarLimit, conversionsPerDay: settings.quotas.dailyLimit(roles: caller.roles),
                                       usedToday: try await store.uploadsToday(caller.user), acceptedExtensions: [".jar", ".zip"]))
    }

    private func list(_ request: Request) async throws -> Response {
        let caller = try await caller(request, needs: "conversions:read")
        let query = request.uri.queryParameters
        let paging = try Paging(request)
        let (page, size) = (paging.page, paging.size)
        let status = try query.get("status").map { value -> String in
            guard ["queued", "running", "completed", "failed", "cancelled"].contains(value) else {
                throw AppError.badRequest("status must be queued, running, completed, failed or cancelled", code: "invalid_status")
            }
            return String(value)
        }
        let (items, total) = try await store.list(user: caller.user, status: status, offset: (page - 1) * size, limit: size)
        return try jsonResponse(Page(items: items.map(ConversionBody.init), page: page, pageSize: size, total: total))
    }
}
