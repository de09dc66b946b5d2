import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Accepts a valid incoming `X-Request-ID` (at most 128 characters of `[A-Za-z0-9._-]`) or makes
/// a new one, puts it in the request's logger metadata as `request_id` and echoes it on the
/// response.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = request.headers[.requestID].flatMap { Self.isValid($0) ? $0 : nil } ?? Self.generate()
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        var response = try await next(request, context)
        response.headers[.requestID] = id
        return response
    }

    /// Whether `id` may be used as is.
    public static func isValid(_ id: String) -> Bool {
        guard !id.isEmpty, id.utf8.count <= 128 else { return false }
        return id.utf8.allSatisfy { byte in
            (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        }
    }

    /// A fresh id: 32 lower-case hex digits.
    public static func generate() -> String {
        let digits = Array("0123456789abcdef".utf8)
        var generator = SystemRandomNumberGenerator()
        let (high, low) = (generator.next() as UInt64, generator.next() as UInt64)
        return String(unsafeUninitializedCapacity: 32) { buffer in
            for index in 0..<16 {
                buffer[index] = digits[Int(truncatingIfNeeded: high >> (60 - 4 * index)) & 0xF]
                buffer[16 + index] = digits[Int(truncatingIfNeeded: low >> (60 - 4 * index)) & 0xF]
            }
            return 32
        }
    }
}

extension RequestContext {
    /// The request id set by ``RequestIDMiddleware``.
    public var requestID: String? {
        logger[metadataKey: "request_id"].map { "\($0)" }
    }
}
