import Foundation
import Hummingbird
import NIOCore

/// Reading a JSON request body at a boundary: bounded in size (413 beyond) and decoded with a
/// precise 400 naming the field that is missing or wrong.
public enum JSONBody {
    /// The default largest body.
    public static let defaultLimit = 16 << 10

    /// Decodes a JSON body of at most `limit` bytes.
    public static func decode<Body: Decodable>(_ type: Body.Type, _ request: Request, limit: Int = defaultLimit) async throws -> Body {
        try decode(type, from: try await collect(request, limit: limit))
    }

    /// The body, of at most `limit` bytes (413 beyond).
    public static func collect(_ request: Request, limit: Int = defaultLimit) async throws -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch {
            throw AppError(.contentTooLarge, code: "body_too_large", message: "the body may hold at most \(limit) bytes")
        }
    }

    /// Decodes a collected JSON body, with a precise 400 on a bad one.
    public static func decode<Body: Decodable>(_ type: Body.Type, from buffer: ByteBuffer) throws -> Body {
        do {
            return try JSONDecoder().decode(Body.self, from: Data(buffer.readableBytesView))
        } catch DecodingError.keyNotFound(let key, _) {
            throw AppError.badRequest("the field \(key.stringValue) is required")
        } catch DecodingError.typeMismatch(_, let context) {
            throw AppError.badRequest("the field \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type")
        } catch DecodingError.dataCorrupted(let context) where !context.codingPath.isEmpty {
            throw AppError.badRequest("the field \(context.codingPath.map(\.stringValue).joined(separator: ".")) is not valid")
        } catch {
            throw AppError.badRequest("the body must be a JSON object")
        }
    }
}
