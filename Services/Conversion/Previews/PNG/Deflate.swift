import Foundation
import ZIPFoundation

/// Raw deflate and inflate (no zlib header) through ZIPFoundation's zlib wrappers: the previews'
/// PNGs and the engine's PNGs and zip entries use these.
public enum Deflate {
    /// Why raw inflate stopped.
    public enum Failure: Error {
        /// The stream needs bytes past the end of the input.
        case truncated
        /// The stream would inflate to more than the allowed size.
        case tooLong
        /// The bytes are not a deflate stream.
        case corrupt
    }

    /// Raw deflate of `input` at zlib's default level (the same input gives the same output), or
    /// nil when zlib cannot allocate.
    public static func raw(_ input: Data) -> Data? {
        let data = Data(input)  // indices from zero, whatever slice came in
        var out = Data()
        do {
            _ = try Data.compress(size: Int64(data.count), bufferSize: 64 << 10, provider: { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }, consumer: { out.append($0) })
        } catch {
            return nil
        }
        return out
    }

    /// Raw deflate of `bytes`; stored blocks when zlib cannot allocate, so a PNG stays valid.
    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        raw(Data(bytes)).map { [UInt8]($0) } ?? stored(bytes)
    }

    /// `bytes` as uncompressed ("stored") deflate blocks of at most 65,535 bytes.
    static func stored(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var offset = 0
        repeat {
            let count = min(65_535, bytes.count - offset)
            let last: UInt8 = offset + count == bytes.count ? 1 : 0
            out += [last, UInt8(count & 0xFF), UInt8(count >> 8), UInt8(~count & 0xFF), UInt8((~count >> 8) & 0xFF)]
            out += bytes[offset..<(offset + count)]
            offset += count
        } while offset < bytes.count
        return out
    }

    /// Raw inflate of `input`, refusing more than `limit` output bytes. The whole input is handed
    /// over as one chunk (the Linux decoder tells zlib each chunk is `bufferSize` long, so the
    /// chunk must be exactly that long), and a stream that wants more input is truncated.
    public static func inflate(_ input: Data, limit: Int) throws(Failure) -> Data {
        let data = Data(input)
        guard !data.isEmpty else { throw .truncated }
        var out = Data()
        do {
            _ = try Data.decompress(size: Int64(data.count), bufferSize: data.count, skipCRC32: true, provider: { position, _ in
                guard position == 0 else { throw Failure.truncated }
                return data
            }, consumer: { chunk in
                guard out.count + chunk.count <= limit else { throw Failure.tooLong }
                out.append(chunk)
            })
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .corrupt
        }
        return out
    }

    /// ``inflate(_:limit:)`` of a byte slice.
    static func decompress(_ bytes: ArraySlice<UInt8>, limit: Int) throws(Failure) -> [UInt8] {
        [UInt8](try inflate(Data(bytes), limit: limit))
    }
}
