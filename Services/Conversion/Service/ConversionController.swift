import Contracts
import ConversionEngine
import Foundation
import HTTPTypes
import Hummingbird
import InternalHTTP
import JWTVerification
import Logging
import Metrics
import NIOCore
import RedisKit
import ServiceKit

/// Who the gateway says is calling: the verified user, their roles (for quotas) and permissions.
/// Trusted only on a request carrying a service token from the gateway.
typealias Caller = ForwardedUser

extension ForwardedUser {
    /// May read any user's conversions.
    var admin: Bool { permissions.contains("conversions:read:any") }
}

/// The conversion service's routes, reached only through the internal listener with a service
/// token (the gateway forwards the verified user in `X-User-ID` / `X-User-Permissions`):
/// uploads (multipart, streamed to disk while hashed), status, the list, reports, downloads,
/// cancel and delete. Another user's conversion is 404.
public struct ConversionController<Context: RequestContext>: Sendable {
    let settings: ConversionSettings
    let store: any ConversionRepository
    let artifacts: ArtifactStore
    let events: ProgressEvents
    /// Where a deleted conversion's revoked access is announced (realtime ends its subscriptions).
    let revocations: any ChannelPublisher
    let gate: ServiceTokenGate
    let metrics: ConversionMetrics
    let logger: Logger
    /// The AI hook, asked what its suggestions come from for the result-cache key.
    let suggestions: AISuggestions?

    /// `suggestions`: the AI hook, asked for the result-cache key (nil without an ai-engine).
    init(settings: ConversionSettings, store: any ConversionRepository, artifacts: ArtifactStore, events: ProgressEvents,
         revocations: any ChannelPublisher, gate: ServiceTokenGate,
         metrics: ConversionMetrics, logger: Logger, suggestions: AISuggestions?) {
        self.suggestions = suggestions
        self.settings = settings
        self.store = store
        self.artifacts = artifacts
        self.events = events
        self.revocations = revocations
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
            guard let record = try await store.conversion(id, user: caller.id, admin: caller.admin) else { throw Self.notFound }
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
            let (removal, sha) = try await store.cancelOrDelete(id, user: caller.id)
            switch removal {
            case .notFound: throw Self.notFound
            case .cancelled:
                await events.publish(id, type: .cancelled, stage: .cancelled, percent: 0, message: "cancelled by the user", owner: caller.id)
                return try jsonResponse(["status": "cancelled"], status: .accepted)
            case .deleted:
                artifacts.remove(versionsOf: id)
                await CollaborationController<Context>.announceRevoked(id, user: nil, publisher: revocations, logger: logger)
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
        try await gate.forwardedUser(request.headers, needs: permission)
    }

    /// Checks the request carries a service token (from the gateway).
    func requireService(_ request: Request) async throws {
        _ = try await gate.requireService(request.headers)
    }

    func target(_ request: Request, _ context: Context) async throws -> (Caller, UUID) {
        let caller = try await caller(request, needs: "conversions:read")
        guard let id = context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw Self.notFound }
        return (caller, id)
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
        let status: ConversionStatus
        let stage: ProgressStage
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
            links = record.status == .completed
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
                                       usedToday: try await store.uploadsToday(caller.id), acceptedExtensions: [".jar", ".zip"]))
    }

    private func list(_ request: Request) async throws -> Response {
        let caller = try await caller(request, needs: "conversions:read")
        let query = request.uri.queryParameters
        let paging = try Paging(request)
        let (page, size) = (paging.page, paging.size)
        let status = try query.get("status").map { value -> ConversionStatus in
            guard let status = ConversionStatus(rawValue: String(value)) else {
                throw AppError.badRequest("status must be queued, running, completed, failed or cancelled", code: "invalid_status")
            }
            return status
        }
        let (items, total) = try await store.list(user: caller.id, status: status, offset: (page - 1) * size, limit: size)
        return try jsonResponse(Page(items: items.map(ConversionBody.init), page: page, pageSize: size, total: total))
    }
}
