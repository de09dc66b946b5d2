import Foundation
import Previews
import ZIPFoundation

/// Writes a zip archive in memory, deterministically: entries in the order given, one fixed
/// timestamp, fixed permissions, deflate or store chosen by size, no extra fields. The same
/// entries always give the same bytes, whatever the clock, the time zone or the machine.
public struct ZipWriter {
    /// 1980-01-01 00:00 in MS-DOS form, the earliest time a zip can hold.
    static let dosDate: UInt16 = (0 << 9) | (1 << 5) | 1
    static let dosTime: UInt16 = 0

    private var output = Data()
    private var central = Data()
    private var count = 0

    public init() {}

    /// An entry's bytes as they go into the archive: its checksum, and deflated or stored.
    struct Prepared {
        let crc: UInt32
        let stored: Data
        let method: UInt16
    }

    /// Checksums and compresses `contents` (deflate, kept when it saves at least 2 %).
    static func prepare(_ contents: Data, compress: Bool) -> Prepared {
        let crc = contents.crc32(checksum: 0)
        if compress, contents.count > 64, let deflated = Deflate.raw(contents), deflated.count < contents.count - contents.count / 50 {
            return Prepared(crc: crc, stored: deflated, method: 8)
        }
        return Prepared(crc: crc, stored: contents, method: 0)
    }

    /// Adds a file entry. `name` is written as given (tests use this to build hostile archives).
    public mutating func add(_ name: String, _ contents: Data, compress: Bool = true) {
        append(name, size: contents.count, Self.prepare(contents, compress: compress))
    }

    /// Adds `entries` in their order, compressing them on up to `parallelism` threads at once. The
    /// archive is byte for byte the one ``add(_:_:compress:)`` would write entry by entry.
    public mutating func add(contentsOf entries: [(name: String, contents: Data)], parallelism: Int) {
        let prepared = Parallel.map(entries, parallelism: parallelism, cost: \.contents.count) { Self.prepare($0.contents, compress: true) }
        for (entry, ready) in zip(entries, prepared) { append(entry.name, size: entry.contents.count, ready) }
    }

    private mutating func append(_ name: String, size: Int, _ prepared: Prepared) {
        let nameBytes = Data(name.utf8)
        let (crc, stored, method) = (prepared.crc, prepared.stored, prepared.method)
        let offset = UInt32(output.count)
        // The fields from "version needed" to "extra length" are the same in both headers.
        var shared = Data()
        shared.append(le16: 20)
        shared.append(le16: 0x0800)  // UTF-8 names
        shared.append(le16: method)
        shared.append(le16: Self.dosTime)
        shared.append(le16: Self.dosDate)
        shared.append(le32: crc)
        shared.append(le32: UInt32(stored.count))
        shared.append(le32: UInt32(size))
        shared.append(le16: UInt16(nameBytes.count))
        shared.append(le16: 0)
        output.append(le32: 0x0403_4B50)
        output.append(shared)
        output.append(nameBytes)
        output.append(stored)

        central.append(le32: 0x0201_4B50)
        central.append(le16: 0x0314)  // made by: Unix, spec 2.0
        central.append(shared)
        central.append(le16: 0)
        central.append(le16: 0)
        central.append(le16: 0)
        central.append(le32: UInt32(0o100644) << 16)
        central.append(le32: offset)
        central.append(nameBytes)
        count += 1
    }

    /// The finished archive.
    public func finish() -> Data {
        var data = output
        let centralOffset = UInt32(data.count)
        data.append(central)
        if count > 0xFFFF {
            // ZIP64 end records carry the entry count the classic record cannot hold.
            let zip64Offset = UInt64(data.count)
            data.append(le32: 0x0606_4B50)
            data.append(le64: 44)
            data.append(le16: 0x0314)
            data.append(le16: 45)
            data.append(le32: 0)
            data.append(le32: 0)
            data.append(le64: UInt64(count))
            data.append(le64: UInt64(count))
            data.append(le64: UInt64(central.count))
            data.append(le64: UInt64(centralOffset))
            data.append(le32: 0x0706_4B50)
            data.append(le32: 0)
            data.append(le64: zip64Offset)
            data.append(le32: 1)
        }
        data.append(le32: 0x0605_4B50)
        data.append(le16: 0)
        data.append(le16: 0)
        data.append(le16: UInt16(min(count, 0xFFFF)))
        data.append(le16: UInt16(min(count, 0xFFFF)))
        data.append(le32: UInt32(central.count))
        data.append(le32: centralOffset)
        data.append(le16: 0)
        return data
    }
}

extension Data {
    mutating func append(le16 value: UInt16) {
        append(UInt8(value & 0xFF))
        append(UInt8(value >> 8))
    }

    mutating func append(le32 value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }

    mutating func append(le64 value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8((value >> UInt64(shift)) & 0xFF)) }
    }

    mutating func append(be32 value: UInt32) {
        for shift in stride(from: 24, through: 0, by: -8) { append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
