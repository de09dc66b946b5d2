import Contracts
import ConversionEngine
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Metrics
import ServiceKit

/// `POST /internal/v1/conversions`, in named steps: the caller and the body's type; the quotas,
/// before a byte of the body is read; the file streamed to disk while hashed; what the file is
/// (magic bytes, the archive's structure, the options part); then the job queued, or answered
/// from the result cache. Whatever fails after the file landed removes it.
extension ConversionController {
    struct Accepted: Encodable {
        let id: String
        let status: ConversionStatus
        let statusURL: String
        let channel: String
        let queuePosition: Int
        let fromCache: Bool
        enum CodingKeys: String, CodingKey {
            case id, status, statusURL = "status_url", channel, queuePosition = "queue_position", fromCache = "from_cache"
        }
    }

    /// What the caller may send: the byte limit (the service's, or their role's tighter jar quota)
    /// and the answer past it, and the day's conversion quota.
    struct UploadAllowance {
        let limit: Int
        let overLimit: AppError
        let dailyLimit: Int?
    }

    func upload(_ request: Request, _ context: Context) async throws -> Response {
        let caller = try await caller(request, needs: "conversions:create")
        let boundary = try Self.multipartBoundary(request.headers)
        let allowance = try await allowance(for: caller, declaredLength: request.headers[.contentLength].flatMap(Int.init))
        let parts = try await receive(request.body, boundary: boundary, allowance: allowance)
        guard let sink = parts.sink, parts.sawFile else {
            throw AppError.badRequest("the file part is missing", code: "file_required")
        }
        let (head, size) = (sink.head, sink.size)
        let sha = try sink.finish()
        do {
            let options = try await inspect(head: head, file: sink.url, parts: parts)
            let (id, fromCache) = try await queueOrAnswerFromCache(
                caller: caller, file: sink.url, fileName: parts.fileName, sha256: sha, size: size, options: options,
                dailyLimit: allowance.dailyLimit, requestID: context.requestID)
            logger.info("conversion accepted", metadata: [
                "conversion_id": .string(id.uuidString.lowercased()), "bytes": .stringConvertible(size), "from_cache": .stringConvertible(fromCache),
                "request_id": .string(context.requestID ?? "-"),
            ])
            return try await accepted(id, fromCache: fromCache)
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

    /// The multipart boundary, or 415 `multipart_required`.
    static func multipartBoundary(_ headers: HTTPFields) throws -> String {
        guard let boundary = MultipartStream.boundary(of: headers[.contentType]) else {
            throw AppError(.unsupportedMediaType, code: "multipart_required", message: "send multipart/form-data with a file part")
        }
        return boundary
    }

    /// The quotas, checked before a byte of the body is read: the day's conversions, and a body
    /// whose declared length is far past the caller's jar quota.
    func allowance(for caller: Caller, declaredLength: Int?) async throws -> UploadAllowance {
        let dailyLimit = settings.quotas.dailyLimit(roles: caller.roles)
        if let dailyLimit, try await store.uploadsToday(caller.id) >= dailyLimit { throw Self.dailyQuota(dailyLimit) }
        guard let jarLimit = settings.quotas.jarLimit(roles: caller.roles), jarLimit < settings.uploadLimit else {
            return UploadAllowance(
                limit: settings.uploadLimit,
                overLimit: AppError(.contentTooLarge, code: "upload_too_large", message: "the upload is larger than \(settings.uploadLimit) bytes"),
                dailyLimit: dailyLimit)
        }
        let overLimit = AppError(.forbidden, code: "quota_max_jar_bytes",
                                 message: "the jar is larger than your role's quota of \(jarLimit) bytes (quota max_jar_bytes)")
        // Multipart adds a few KiB around the jar.
        if let declaredLength, declaredLength > jarLimit + 64 << 10 { throw overLimit }
        return UploadAllowance(limit: jarLimit, overLimit: overLimit, dailyLimit: dailyLimit)
    }

    /// Streams the body through the multipart parser: the file to disk (hashed, size-limited), the
    /// options to memory. A refusal mid-way discards what was written.
    func receive(_ body: RequestBody, boundary: String, allowance: UploadAllowance) async throws -> UploadParts {
        let parts = UploadParts(store: artifacts, limit: allowance.limit, overLimit: allowance.overLimit)
        do {
            try await MultipartStream.read(body, boundary: boundary, into: parts)
        } catch {
            parts.sink?.discard()
            throw error
        }
        return parts
    }

    /// What the stored file is: a zip by its first bytes, an archive whose structure (names,
    /// sizes, compression ratios) passes, with options that parse. Nothing is kept before this.
    func inspect(head: [UInt8], file: URL, parts: UploadParts) async throws -> ConversionRequestOptions {
        guard head.starts(with: [0x50, 0x4B, 0x03, 0x04]) else {
            throw AppError(.unsupportedMediaType, code: "not_a_jar", message: "the file is not a .jar or .zip archive (its content says otherwise)")
        }
        let options = try parts.sawOptions ? ConversionRequestOptions.parse(parts.options) : ConversionRequestOptions()
        if let error = await Self.archiveProblem(file) {
            throw AppError(.unprocessableContent, code: Self.code(error), message: error.description)
        }
        return options
    }

    /// Keeps the upload under its hash and either answers from the result cache (same jar, same
    /// options, same AI models) or queues a job; the first progress event goes out with it.
    func queueOrAnswerFromCache(
        caller: Caller, file: URL, fileName: String, sha256 sha: String, size: Int, options: ConversionRequestOptions, dailyLimit: Int?, requestID: String?
    ) async throws -> (UUID, fromCache: Bool) {
        let canonical = options.canonicalJSON
        let models = await suggestions?.sources(requestID: requestID ?? "upload-" + UUID().uuidString.lowercased()) ?? "none"
        let key = ConversionRequestOptions.cacheKey(sha256: sha, options: canonical, models: models)
        let expiry = Date().addingTimeInterval(Double(settings.retention.components.seconds))
        try artifacts.promoteUpload(file, sha256: sha)
        if let summary = try await store.cachedSummary(key), artifacts.hasResult(key) {
            let id = try await store.completeFromCache(
                owner: caller.id, fileName: fileName, sha256: sha, size: Int64(size), options: canonical, cacheKey: key, summary: summary,
                expiresAt: expiry, dailyLimit: dailyLimit)
            metrics.cacheHits.increment()
            await events.publish(id, type: .completed, stage: .completed, percent: 100, message: "answered from the result cache", owner: caller.id)
            return (id, true)
        }
        let events = events
        let id = try await store.enqueue(
            owner: caller.id, fileName: fileName, sha256: sha, size: Int64(size), options: canonical, cacheKey: key,
            maxAttempts: settings.maxAttempts, expiresAt: expiry, dailyLimit: dailyLimit
        ) { id in
            await events.publish(id, type: .queued, stage: .queued, percent: 0, message: "waiting for a worker")
        }
        return (id, false)
    }

    /// 202 with where to follow the conversion: its status URL, its channel, its place in the queue.
    func accepted(_ id: UUID, fromCache: Bool) async throws -> Response {
        let position = fromCache ? 0 : try await store.queuePosition(id)
        let lowercased = id.uuidString.lowercased()
        var response = try jsonResponse(Accepted(
            id: lowercased, status: fromCache ? .completed : .queued, statusURL: "/api/v1/conversions/\(lowercased)",
            channel: ChannelName.conversion(id).description, queuePosition: position, fromCache: fromCache), status: .accepted)
        response.headers[.location] = "/api/v1/conversions/\(lowercased)"
        return response
    }

    /// Why the archive's structure is refused, if it is (checked as ``BlockingWork``: a central
    /// directory of 100,000 entries is real work).
    static func archiveProblem(_ url: URL) async -> JarError? {
        do {
            return try await BlockingWork.run { () -> JarError? in
                do {
                    _ = try JarArchive(data: try Data(contentsOf: url, options: .alwaysMapped))
                    return nil
                } catch let error as JarError {
                    return error
                }
            }
        } catch {
            return .notAZip
        }
    }
}
