import Foundation
import NIOCore

/// Decodes a JSON response body.
public func decodeJSON<Value: Decodable>(_ type: Value.Type, from buffer: ByteBuffer) throws -> Value {
    try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
}
