import Hummingbird
import MultipartKit
import NIOCore

/// What a streamed `multipart/form-data` upload tells its reader, part by part. The reader keeps
/// what it wants (a file to disk, a small part to memory) and sets ``refusal`` to stop the upload.
public protocol MultipartPartReader: AnyObject {
    /// The first reason to refuse the upload; once set, nothing more is passed on.
    var refusal: AppError? { get }
    /// A part begins: its `name` and its whole `Content-Disposition` (for `filename`).
    func begin(part name: String?, disposition: String)
    /// The next bytes of the current part.
    func receive(_ bytes: ByteBufferView, part name: String?)
    /// The current part is complete.
    func end(part name: String?)
}

/// Reads a `multipart/form-data` body as it streams, handing each part to a ``MultipartPartReader``.
public enum MultipartStream {
    /// The boundary of a `multipart/form-data` content type (1–70 characters), or nil.
    public static func boundary(of contentType: String?) -> String? {
        guard let contentType, contentType.lowercased().hasPrefix("multipart/form-data"),
              let boundary = HeaderParameters.value("boundary", in: contentType), !boundary.isEmpty, boundary.count <= 70 else { return nil }
        return boundary
    }

    /// Runs `body` through the parser into `reader`. Throws the reader's refusal as soon as it is
    /// set, and `400 invalid_upload` for a body that is not well-formed multipart.
    public static func read(_ body: RequestBody, boundary: String, into reader: some MultipartPartReader) async throws {
        let current = CurrentPart(reader: reader)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in current.headers[name.lowercased()] = value }
        parser.onBody = { buffer in current.receive(buffer.readableBytesView) }
        parser.onPartComplete = { current.end() }
        for try await chunk in body {
            do { try parser.execute(chunk) } catch {
                throw AppError.badRequest("the multipart body is malformed", code: "invalid_upload")
            }
            if let refusal = reader.refusal { throw refusal }
        }
    }
}

/// The part being read: its headers until its first bytes, then its name.
private final class CurrentPart<Reader: MultipartPartReader> {
    let reader: Reader
    var headers: [String: String] = [:]
    var name: String?
    var began = false

    init(reader: Reader) { self.reader = reader }

    func begin() {
        let disposition = headers["content-disposition"] ?? ""
        name = HeaderParameters.value("name", in: disposition)
        began = true
        reader.begin(part: name, disposition: disposition)
    }

    func receive(_ bytes: ByteBufferView) {
        guard reader.refusal == nil else { return }
        if !began { begin() }
        guard reader.refusal == nil else { return }
        reader.receive(bytes, part: name)
    }

    /// A part with no bytes still begins (an empty file part is seen, and judged, as one).
    func end() {
        if !began && reader.refusal == nil { begin() }
        reader.end(part: name)
        headers = [:]
        name = nil
        began = false
    }
}
