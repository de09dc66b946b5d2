import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A refusal of a safetensors file, naming what is wrong.
public struct SafeTensorsError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

/// A safetensors file (the Hugging Face format: an 8-byte little-endian header length, a JSON
/// header naming each tensor's dtype, shape and byte range, then the data), memory-mapped
/// read-only. The header is checked whole before any tensor is used: its length against the file,
/// every dtype, every shape against its byte range, every range inside the data and none
/// overlapping — a truncated or lying file is refused, never read past its end.
public final class SafeTensors: @unchecked Sendable {
    /// The element types this reader knows, with their sizes in bytes.
    public enum DType: String, Sendable {
        case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64", i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"
        var size: Int {
            switch self {
            case .f64, .i64: 8
            case .f32, .i32: 4
            case .f16, .bf16, .i16: 2
            case .i8, .u8, .bool: 1
            }
        }
    }

    /// One tensor's description.
    public struct Entry: Sendable, Equatable {
        public let dtype: DType
        public let shape: [Int]
        /// Byte range inside the data section.
        public let range: Range<Int>
        public var count: Int { shape.reduce(1, *) }
    }

    /// The largest header accepted (the real ones are a few KB).
    public static let maxHeaderBytes = 16 << 20

    public let entries: [String: Entry]
    public let metadata: [String: String]
    private let base: UnsafeRawPointer
    private let length: Int
    private let dataStart: Int

    /// Maps `path` and checks its header.
    /// - Throws: ``SafeTensorsError`` naming the problem.
    public init(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw SafeTensorsError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw SafeTensorsError("cannot stat \(path)") }
        let size = Int(info.st_size)
        guard size >= 8 else { throw SafeTensorsError("the file is \(size) bytes: too short for a header length") }
        guard let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else {
            throw SafeTensorsError("cannot map \(path)")
        }
        base = UnsafeRawPointer(mapped)
        length = size
        do {
            (entries, metadata, dataStart) = try Self.parseHeader(UnsafeRawBufferPointer(start: base, count: size))
        } catch {
            munmap(mapped, size)
            throw error
        }
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), length) }

    /// Parses and checks the header of a whole file's bytes: (entries, metadata, data offset).
    static func parseHeader(_ bytes: UnsafeRawBufferPointer) throws -> ([String: Entry], [String: String], Int) {
        var headerLength: UInt64 = 0
        for index in 0..<8 { headerLength |= UInt64(bytes[index]) << (8 * UInt64(index)) }
        guard headerLength > 0, headerLength <= UInt64(maxHeaderBytes) else {
            throw SafeTensorsError("the header claims \(headerLength) bytes (at most \(maxHeaderBytes))")
        }
        guard Int(headerLength) <= bytes.count - 8 else {
            throw SafeTensorsError("the header claims \(headerLength) bytes but the file has \(bytes.count - 8) after the length: truncated")
        }
        let dataStart = 8 + Int(headerLength)
        let header = Data(bytes[8..<dataStart])
        guard let object = (try? JSONSerialization.jsonObject(with: header)) as? [String: Any] else {
            throw SafeTensorsError("the header is not a JSON object")
        }
        let dataLength = bytes.count - dataStart
        var entries: [String: Entry] = [:]
        var metadata: [String: String] = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                guard let values = value as? [String: Any] else { throw SafeTensorsError("__metadata__ is not an object") }
                for (key, item) in values {
                    guard let text = item as? String else { throw SafeTensorsError("__metadata__.\(key) is not a string") }
                    metadata[key] = text
                }
                continue
            }
            guard let fields = value as? [String: Any] else { throw SafeTensorsError("\(name): not an object") }
            guard let dtypeName = fields["dtype"] as? String, let dtype = DType(rawValue: dtypeName) else {
                throw SafeTensorsError("\(name): unknown dtype \(String(describing: fields["dtype"]))")
            }
            guard let shapeValues = fields["shape"] as? [Any], shapeValues.count <= 8 else { throw SafeTensorsError("\(name): shape is not a list of at most 8 sizes") }
            var shape: [Int] = []
            for item in shapeValues {
                guard let number = item as? NSNumber, let dimension = Int(exactly: number.doubleValue), dimension >= 0, dimension <= 1 << 31 else {
                    throw SafeTensorsError("\(name): shape holds \(item), not a size")
                }
                shape.append(dimension)
            }
            guard let offsets = fields["data_offsets"] as? [Any], offsets.count == 2,
                  let start = (offsets[0] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }),
                  let end = (offsets[1] as? NSNumber).flatMap({ Int(exactly: $0.doubleValue) }), start >= 0, start <= end else {
                throw SafeTensorsError("\(name): data_offsets must be [start, end] with start ≤ end")
            }
            guard end <= dataLength else { throw SafeTensorsError("\(name): bytes \(start)..<\(end) run past the data (\(dataLength) bytes): truncated") }
            let (count, overflow) = shape.reduce((1, false)) { partial, dimension in
                let product = partial.0.multipliedReportingOverflow(by: dimension)
                return (product.partialValue, partial.1 || product.overflow)
            }
            guard !overflow, count.multipliedReportingOverflow(by: dtype.size).partialValue == end - start else {
                throw SafeTensorsError("\(name): shape \(shape) of \(dtypeName) needs \(count * dtype.size) bytes, the offsets give \(end - start)")
            }
            entries[name] = Entry(dtype: dtype, shape: shape, range: start..<end)
        }
        let sorted = entries.values.map(\.range).sorted { $0.lowerBound < $1.lowerBound }
        for (first, second) in zip(sorted, sorted.dropFirst()) where second.lowerBound < first.upperBound {
            throw SafeTensorsError("two tensors overlap at byte \(second.lowerBound)")
        }
        return (entries, metadata, dataStart)
    }

    /// The float32 values of `name`, checked to have `shape` (copied out of the mapping, aligned).
    /// - Throws: when the tensor is missing, not F32, or shaped otherwise.
    public func floats(_ name: String, shape expected: [Int]) throws -> [Float] {
        guard let entry = entries[name] else { throw SafeTensorsError("the model has no tensor \(name)") }
        guard entry.dtype == .f32 else { throw SafeTensorsError("\(name) is \(entry.dtype.rawValue), expected F32") }
        guard entry.shape == expected else { throw SafeTensorsError("\(name) has shape \(entry.shape), expected \(expected)") }
        return [Float](unsafeUninitializedCapacity: entry.count) { buffer, initialized in
            let source = UnsafeRawBufferPointer(start: base + dataStart + entry.range.lowerBound, count: entry.range.count)
            for index in 0..<entry.count {
                buffer[index] = Float(bitPattern: UInt32(littleEndian: source.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self)))
            }
            initialized = entry.count
        }
    }
}
