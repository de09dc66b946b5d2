import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceKit

/// A model version uploaded as `multipart/form-data`: a `meta` part (JSON: `version`, `format`,
/// optional `metrics`) and one `file` part per file of the version (`filename` is kept: letters,
/// digits, `.`, `_`, `-`). Files stream to a staging folder under `MODELS_DIR/uploads/`, bounded
/// in count and total bytes; once the body is complete the folder becomes
/// `uploads/<model>/<version>` and is registered like any other location.
enum ModelUpload {
    static let maxFiles = 16

    struct Meta: Decodable {
        let version: String
        let format: String
        let metrics: JSONValueObject?
    }

    /// Streams the body into a staging folder; returns the metadata and the version's location.
    static func receive(_ request: Request, model: String, modelsDirectory: String, limit: Int) async throws -> (Meta, String) {
        guard let boundary = MultipartStream.boundary(of: request.headers[.contentType]) else {
            throw AppError(.unsupportedMediaType, code: "multipart_required", message: "send multipart/form-data with a meta part and file parts")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit + 64 << 10 { throw tooLarge(limit) }
        let uploads = modelsDirectory + "/uploads"
        let staging = uploads + "/.staging-" + UUID().uuidString.lowercased()
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let parts = Parts(folder: staging, limit: limit)
        do {
            try await MultipartStream.read(request.body, boundary: boundary, into: parts)
            parts.close()
            guard let metaData = parts.meta else { throw AppError.badRequest("the meta part is missing", code: "invalid_upload") }
            guard !parts.files.isEmpty else { throw AppError.badRequest("send at least one file part", code: "invalid_upload") }
            let meta = try JSONBody.decode(Meta.self, from: ByteBuffer(bytes: metaData))
            guard ModelName.isVersion(meta.version) else {
                throw AppError(.unprocessableContent, code: "invalid_version", message: "the version must be semantic: MAJOR.MINOR.PATCH[-pre]")
            }
            let location = "uploads/\(model)/\(meta.version)"
            let target = modelsDirectory + "/" + location
            guard !FileManager.default.fileExists(atPath: target) else {
                throw AppError(.conflict, code: "version_exists", message: "\(model) \(meta.version) was uploaded already")
            }
            try FileManager.default.createDirectory(atPath: uploads + "/" + model, withIntermediateDirectories: true)
            try FileManager.default.moveItem(atPath: staging, toPath: target)
            return (meta, location)
        } catch {
            parts.close()
            try? FileManager.default.removeItem(atPath: staging)
            throw error
        }
    }

    static func tooLarge(_ limit: Int) -> AppError {
        AppError(.contentTooLarge, code: "upload_too_large", message: "a model upload may hold at most \(limit) bytes")
    }


    /// A file name a version may hold: 1–100 of letters, digits, `.`, `_`, `-`, not starting with a dot.
    static func isFileName(_ name: String) -> Bool {
        guard let first = name.first, first != ".", name.count <= 100 else { return false }
        return name.unicodeScalars.allSatisfy { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || "._-".unicodeScalars.contains($0) }
    }

    /// The parts as they stream by.
    final class Parts: MultipartPartReader {
        let folder: String
        let limit: Int
        var handle: FileHandle?
        var meta: Data?
        var files: Set<String> = []
        var total = 0
        var refusal: AppError?

        init(folder: String, limit: Int) {
            self.folder = folder
            self.limit = limit
        }

        func begin(part name: String?, disposition: String) {
            switch name {
            case "meta":
                guard meta == nil else { refusal = AppError.badRequest("send one meta part", code: "invalid_upload"); return }
                meta = Data()
            case "file":
                guard let fileName = HeaderParameters.value("filename", in: disposition), ModelUpload.isFileName(fileName) else {
                    refusal = AppError.badRequest("each file part needs a filename of letters, digits, '.', '_' or '-'", code: "invalid_file_name")
                    return
                }
                guard files.insert(fileName).inserted, files.count <= ModelUpload.maxFiles else {
                    refusal = AppError.badRequest("at most \(ModelUpload.maxFiles) files, each named once", code: "invalid_upload")
                    return
                }
                let path = folder + "/" + fileName
                guard FileManager.default.createFile(atPath: path, contents: nil), let opened = FileHandle(forWritingAtPath: path) else {
                    refusal = AppError(.internalServerError, code: "storage_error", message: "the upload could not be stored")
                    return
                }
                handle = opened
            default:
                refusal = AppError.badRequest("unknown part \"\(String((name ?? "").prefix(40)))\"; send meta and file parts", code: "invalid_upload")
            }
        }

        func receive(_ bytes: ByteBufferView, part name: String?) {
            total += bytes.count
            guard total <= limit else { refusal = ModelUpload.tooLarge(limit); return }
            switch name {
            case "file":
                do { try handle?.write(contentsOf: Data(bytes)) } catch {
                    refusal = AppError(.internalServerError, code: "storage_error", message: "the upload could not be stored")
                }
            case "meta":
                meta = (meta ?? Data()) + Data(bytes)
                if (meta?.count ?? 0) > 64 << 10 { refusal = AppError.badRequest("the meta part may hold at most 64 KiB", code: "invalid_upload") }
            default:
                break
            }
        }

        func end(part name: String?) {
            close()
        }

        func close() {
            try? handle?.close()
            handle = nil
        }
    }
}
