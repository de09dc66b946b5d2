import Contracts
import Foundation
import HTTPTypes
import NIOCore
import ServiceKit

/// The multipart parts as they stream by: the file goes to disk (hashed, size-limited), the
/// options (at most 16 KiB) to memory; anything else is refused.
final class UploadParts: MultipartPartReader {
    var fileName = "mod.jar"
    var sink: UploadSink?
    var sawFile = false
    var options = Data()
    var sawOptions = false
    var refusal: AppError?
    let limit: Int
    /// The answer when the file crosses `limit` (413, or 403 naming the caller's quota).
    let overLimit: AppError
    let store: ArtifactStore

    init(store: ArtifactStore, limit: Int, overLimit: AppError) {
        self.store = store
        self.limit = limit
        self.overLimit = overLimit
    }

    func begin(part name: String?, disposition: String) {
        switch name {
        case "file":
            guard !sawFile else { refusal = AppError.badRequest("send one file part", code: "invalid_upload"); return }
            sawFile = true
            if let original = HeaderParameters.value("filename", in: disposition) { fileName = Self.safeFileName(original) }
            do { sink = try UploadSink(store: store, limit: limit) } catch {
                refusal = AppError(.internalServerError, code: "storage_error", message: "the upload could not be stored")
            }
        case "options":
            guard !sawOptions else { refusal = AppError.badRequest("send one options part", code: "invalid_options"); return }
            sawOptions = true
        default:
            refusal = AppError.badRequest("unknown part \"\(String((name ?? "").prefix(40)))\"; send file and, optionally, options", code: "invalid_upload")
        }
    }

    func receive(_ bytes: ByteBufferView, part name: String?) {
        switch name {
        case "file":
            do {
                guard try sink?.append(bytes) ?? false else {
                    refusal = overLimit
                    return
                }
            } catch {
                refusal = AppError(.internalServerError, code: "storage_error", message: "the upload could not be stored")
            }
        case "options":
            options.append(contentsOf: bytes)
            if options.count > 16 << 10 { refusal = AppError.badRequest("options may hold at most 16 KiB", code: "invalid_options") }
        default:
            break
        }
    }

    func end(part name: String?) {}

    /// The client's file name reduced to a safe one for `Content-Disposition` later.
    static func safeFileName(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? "mod.jar"
        let kept = base.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || "._- ".unicodeScalars.contains($0) }
        let cleaned = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        return cleaned.isEmpty ? "mod.jar" : String(cleaned.prefix(100))
    }
}

/// A JSON text embedded as is when encoding. Decoded strictly (`JSONDecoder`), so a number stays a
/// number: JSONSerialization's `NSNumber` answers `as? Bool` for 0 and 1 on Linux, which once turned
/// the summary's counts of one into `true`.
struct JSONFragment: Encodable {
    let value: Contracts.JSONValue?
    init(_ text: String) { value = try? JSONDecoder().decode(Contracts.JSONValue.self, from: Data(text.utf8)) }
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value ?? .null)
    }
}
