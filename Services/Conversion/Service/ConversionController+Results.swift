import Contracts
import ConversionEngine
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import ServiceKit

/// A finished conversion's results: the reports, the add-on (ETag, single byte ranges) and signed
/// download links that fetch it without an `Authorization` header.
extension ConversionController {
    /// The finished conversion's result folder, or 404/409.
    func result(_ request: Request, _ context: Context) async throws -> (ConversionStore.Record, URL) {
        let (caller, id) = try await target(request, context)
        guard let record = try await store.conversion(id, user: caller.id, admin: caller.admin) else { throw Self.notFound }
        guard record.status == .completed, let key = record.cacheKey else {
            throw AppError(.conflict, code: "not_completed", message: "the conversion is \(record.status.rawValue); its results come when it completes")
        }
        guard let folder = try? artifacts.resultFolder(key) else { throw AppError(.gone, code: "result_expired", message: "the result is no longer kept") }
        return (record, folder)
    }

    func report(_ request: Request, _ context: Context) async throws -> Response {
        let format = request.uri.queryParameters.get("format") ?? "json"
        let types = ["json": "application/json; charset=utf-8", "html": "text/html; charset=utf-8", "csv": "text/csv; charset=utf-8"]
        guard let type = types[format] else { throw AppError.badRequest("format must be json, html or csv", code: "invalid_format") }
        let (record, folder) = try await result(request, context)
        guard var data = try? Data(contentsOf: folder.appendingPathComponent("report.\(format)")) else {
            throw AppError(.gone, code: "result_expired", message: "the result is no longer kept")
        }
        if format == "json", var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            object["conversion_id"] = record.id.uuidString.lowercased()
            object["from_cache"] = record.fromCache
            data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? data
        }
        var headers: HTTPFields = [.contentType: type, .cacheControl: "private, no-store"]
        if format == "csv" { headers[.contentDisposition] = "attachment; filename=\"\(Self.baseName(record.fileName))-report.csv\"" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `GET …/{id}/previews`: every block and item drawn Java beside Bedrock, with its two image
    /// names, agreement score, flag and reason (`previews.json` of the result).
    func previews(_ request: Request, _ context: Context) async throws -> Response {
        let (record, folder) = try await result(request, context)
        var object: [String: Any] = ["threshold": ConversionReport.previewThreshold, "items": [Any]()]
        if let data = try? Data(contentsOf: folder.appendingPathComponent("previews.json")),
           let stored = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] {
            object = stored
        }
        object["conversion_id"] = record.id.uuidString.lowercased()
        let body = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "private, no-store"],
                        body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// `GET …/{id}/previews/{name}.png`: one preview image of the result (a name the list gives).
    func previewImage(_ request: Request, _ context: Context) async throws -> Response {
        let name = context.parameters.get("name") ?? ""
        guard Self.isPreviewName(name) else {
            throw AppError.notFound("no preview is named \(String(name.prefix(80)).debugDescription)")
        }
        let (_, folder) = try await result(request, context)
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("previews/\(name)")) else {
            throw AppError.notFound("this conversion has no preview named \(name)")
        }
        // The images of one result never change: the browser may keep them (for this user only).
        return Response(status: .ok, headers: [.contentType: "image/png", .cacheControl: "private, max-age=86400"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A preview image's name: a plain file name (the store's rule) ending in `.png`.
    static func isPreviewName(_ name: String) -> Bool {
        name.hasSuffix(".png") && name.utf8.count > 4 && ArtifactStore.isPlainFileName(Substring(name))
    }

    /// The upload's name without its extension, safe for a header.
    static func baseName(_ fileName: String) -> String {
        let stem = fileName.hasSuffix(".jar") || fileName.hasSuffix(".zip") ? String(fileName.dropLast(4)) : fileName
        let safe = stem.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
        return safe.isEmpty ? "addon" : String(safe.prefix(80))
    }

    func download(_ request: Request, _ context: Context) async throws -> Response {
        let (caller, _) = try await target(request, context)
        let (record, folder) = try await result(request, context)
        let version = try await store.savedVersion(record.id, user: caller.id, admin: caller.admin)
        return try serveAddon(record, folder: folder, version: version, request)
    }

    struct Link: Encodable {
        let url: String
        let expiresAt: Date
        enum CodingKeys: String, CodingKey { case url, expiresAt = "expires_at" }
    }

    /// `POST …/{id}/download-link`: a signed URL for the finished conversion's add-on.
    func downloadLink(_ request: Request, _ context: Context) async throws -> Response {
        let (record, _) = try await result(request, context)
        let (token, expires) = settings.downloadLinks.token(conversion: record.id, owner: record.owner)
        logger.info("download link issued", metadata: ["conversion_id": .string(record.id.uuidString.lowercased()), "request_id": .string(context.requestID ?? "-")])
        return try jsonResponse(Link(url: "/api/v1/downloads/\(token)", expiresAt: expires))
    }

    /// `GET /internal/v1/downloads/{token}`: the add-on a valid signed link names. No user comes
    /// with it (the link is the credential); the row is read as the owner the link names.
    func signedDownload(_ request: Request, _ context: Context) async throws -> Response {
        try await requireService(request)
        let target: (conversion: UUID, owner: UUID)
        do {
            target = try settings.downloadLinks.verify(context.parameters.get("token") ?? "")
        } catch .expired {
            throw AppError(.gone, code: "link_expired", message: "the download link has expired; ask for a new one")
        } catch {
            throw AppError(.forbidden, code: "invalid_link", message: "the download link is not valid")
        }
        guard let record = try await store.conversion(target.conversion, user: target.owner, admin: false),
              record.status == .completed, let key = record.cacheKey else { throw Self.notFound }
        let version = try await store.savedVersion(record.id, user: target.owner, admin: false)
        guard let folder = try? artifacts.resultFolder(key) else { throw AppError(.gone, code: "result_expired", message: "the result is no longer kept") }
        return try serveAddon(record, folder: folder, version: version, request)
    }

    /// The add-on of a finished conversion (its latest saved version when it was edited),
    /// honouring `If-None-Match` and one byte range.
    func serveAddon(_ record: ConversionStore.Record, folder: URL, version: Int, _ request: Request) throws -> Response {
        let file = version > 0 ? try? artifacts.versionURL(conversion: record.id, version: version) : folder.appendingPathComponent("addon.mcaddon")
        guard let file, let data = try? Data(contentsOf: file, options: .alwaysMapped) else {
            throw AppError(.gone, code: "result_expired", message: "the result is no longer kept")
        }
        let etag = "\"\(record.cacheKey ?? "")\(version > 0 ? "-v\(version)" : "")\""
        var headers: HTTPFields = [
            .contentType: "application/octet-stream", .eTag: etag, .acceptRanges: "bytes", .cacheControl: "private, max-age=0",
            .contentDisposition: "attachment; filename=\"\(Self.baseName(record.fileName)).mcaddon\"",
        ]
        if request.headers[.ifNoneMatch] == etag { return Response(status: .notModified, headers: headers) }
        if let range = request.headers[.range], let (start, end) = Self.byteRange(range, size: data.count) {
            headers[.contentRange] = "bytes \(start)-\(end)/\(data.count)"
            headers[.contentLength] = String(end - start + 1)
            return Response(status: .partialContent, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data[start...end])))
        } else if request.headers[.range] != nil {
            headers[.contentRange] = "bytes */\(data.count)"
            return Response(status: .rangeNotSatisfiable, headers: headers)
        }
        headers[.contentLength] = String(data.count)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// One `bytes=a-b`, `bytes=a-` or `bytes=-n` range within `size`; `nil` when unsatisfiable.
    static func byteRange(_ header: String, size: Int) -> (Int, Int)? {
        guard header.hasPrefix("bytes="), size > 0 else { return nil }
        let spec = header.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash], last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            guard let suffix = Int(last), suffix > 0 else { return nil }
            return (max(0, size - suffix), size - 1)
        }
        guard let start = Int(first), start < size else { return nil }
        let end = last.isEmpty ? size - 1 : min(Int(last) ?? -1, size - 1)
        return end >= start ? (start, end) : nil
    }
}
