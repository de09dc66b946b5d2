import Contracts
import Foundation
import HTTPTypes
import Hummingbird

/// An error the caller should see, with a stable machine-readable code.
///
/// Thrown from handlers; ``ErrorMiddleware`` renders it as the one JSON error shape with the
/// request id filled in.
public struct AppError: Error, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// Extra response headers, e.g. `Retry-After` on a 503.
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, code: String, message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    /// 404 `not_found`.
    public static func notFound(_ message: String = "no such resource") -> AppError {
        AppError(.notFound, code: "not_found", message: message)
    }

    /// 400 `invalid_request`.
    public static func badRequest(_ message: String, code: String = "invalid_request") -> AppError {
        AppError(.badRequest, code: code, message: message)
    }

    /// 503 `dependency_unavailable` with `Retry-After`.
    public static func unavailable(_ message: String, retryAfterSeconds: Int = 5) -> AppError {
        var headers = HTTPFields()
        headers[.retryAfter] = String(retryAfterSeconds)
        return AppError(.serviceUnavailable, code: "dependency_unavailable", message: message, headers: headers)
    }

    /// The JSON response for this error.
    public func response(requestID: String?) -> Response {
        Self.jsonResponse(status: status, headers: headers, body: ErrorBody(code: code, message: message, requestID: requestID))
    }

    /// One encoder for every answer (its settings never change after this; encoding is thread-safe).
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func jsonResponse(status: HTTPResponse.Status, headers: HTTPFields = [:], body: some Encodable) -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let data = (try? encoder.encode(body)) ?? Data("{}".utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension HTTPResponse.Status {
    /// The stable code used for a bare status (errors that did not carry their own).
    var errorCode: String {
        switch code {
        case 400: "invalid_request"
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 405: "method_not_allowed"
        case 408: "request_timeout"
        case 409: "conflict"
        case 413: "payload_too_large"
        case 415: "unsupported_media_type"
        case 422: "unprocessable_entity"
        case 429: "rate_limited"
        case 503: "dependency_unavailable"
        case 500..<600: "internal_error"
        default: "http_\(code)"
        }
    }
}

/// A JSON response with the project's content type and `Cache-Control: no-store` (dates in ISO 8601).
public func jsonResponse(_ body: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    AppError.jsonResponse(status: status, body: body)
}
