import Foundation
import ZIPFoundation

/// A mod jar opened for reading, with every hostile-input rule checked before anything is read.
///
/// Opening checks the central directory: the entry count, each name (relative, no `..`, no
/// absolute path, drive letter, backslash, NUL or control character), duplicates, the declared
/// sizes against ``JarLimits`` and each large entry's compression ratio. Reading an entry stops as
/// soon as it yields more bytes than it declared or than the per-entry limit (headers can lie).
/// Nothing is ever written to disk.
public struct JarArchive {
    /// The names of the file entries, in archive order (folders are left out).
    public let entryNames: [String]
    private let archive: Archive
    /// The file entries by name (ZIPFoundation works an entry's kind out on every call).
    private let files: [String: Entry]
    private let limits: JarLimits

    /// Opens `data` as a jar.
    /// - Throws: ``JarError`` naming the first rule broken.
    public init(data: Data, limits: JarLimits = JarLimits()) throws(JarError) {
        guard data.count >= 22, let archive = try? Archive(data: data, accessMode: .read, pathEncoding: .utf8) else {
            throw .notAZip
        }
        self.archive = archive
        self.limits = limits
        var names: [String] = []
        var seen: Set<String> = []
        var files: [String: Entry] = [:]
        var total: UInt64 = 0
        var count = 0
        for entry in archive {
            count += 1
            guard count <= limits.maxEntries else { throw .tooManyEntries(limit: limits.maxEntries) }
            let name = entry.path(using: .utf8)
            guard !name.isEmpty else {
                throw .unsafeEntryName(entry: "entry #\(count)", rule: "empty name, or a name that is not valid UTF-8")
            }
            try Self.checkName(name)
            guard seen.insert(name).inserted else { throw .duplicateEntry(name) }
            guard entry.type == .file else { continue }
            files[name] = entry
            let size = entry.uncompressedSize
            guard size <= limits.maxEntrySize else { throw .entryTooLarge(entry: name, limit: limits.maxEntrySize) }
            total += size
            guard total <= limits.maxTotalUncompressed else {
                throw .tooLarge(declared: total, limit: limits.maxTotalUncompressed)
            }
            if size >= limits.ratioFloor {
                let ratio = size / max(entry.compressedSize, 1)
                guard ratio <= limits.maxCompressionRatio else {
                    throw .suspiciousCompression(entry: name, ratio: ratio, limit: limits.maxCompressionRatio)
                }
            }
            names.append(name)
        }
        guard count > 0 || data.starts(with: [0x50, 0x4B, 0x05, 0x06]) else { throw .notAZip }
        self.entryNames = names
        self.files = files
    }

    /// Whether the jar has a file entry with this name.
    public func contains(_ name: String) -> Bool { files[name] != nil }

    /// The bytes of one entry, checked against its CRC-32.
    /// - Throws: ``JarError/missingEntry(_:)``, ``JarError/entryTooLarge(entry:limit:)`` when the data
    ///   outgrows what the header declared, ``JarError/unreadableEntry(entry:reason:)``.
    public func read(_ name: String) throws(JarError) -> Data {
        guard let entry = files[name] else { throw .missingEntry(name) }
        let cap = min(entry.uncompressedSize, limits.maxEntrySize)
        var output = Data()
        output.reserveCapacity(Int(min(cap, 16 << 20)))
        do {
            let checksum = try archive.extract(entry, skipCRC32: false) { chunk in
                guard UInt64(output.count + chunk.count) <= cap else { throw JarError.entryTooLarge(entry: name, limit: cap) }
                output.append(chunk)
            }
            // ZIPFoundation computes the CRC-32 but leaves the comparison to the caller.
            guard checksum == entry.checksum else { throw JarError.unreadableEntry(entry: name, reason: "checksum mismatch") }
        } catch let error as JarError {
            throw error
        } catch {
            throw .unreadableEntry(entry: name, reason: Self.reason(error))
        }
        return output
    }

    // MARK: - Rules

    static func checkName(_ name: String) throws(JarError) {
        func refuse(_ rule: String) -> JarError { .unsafeEntryName(entry: name, rule: rule) }
        guard !name.isEmpty else { throw refuse("empty name, or a name that is not valid UTF-8") }
        guard !name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw refuse("control character or NUL in the name")
        }
        guard !name.unicodeScalars.contains("\u{FFFD}") else { throw refuse("name is not valid UTF-8") }
        guard !name.utf8.contains(UInt8(ascii: "\\")) else { throw refuse("backslash in the name") }
        guard !name.hasPrefix("/") else { throw refuse("absolute path") }
        let scalars = Array(name.unicodeScalars)
        if scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isAlphabetic { throw refuse("drive letter") }
        let components = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !components.contains("..") else { throw refuse("parent-folder component (..)") }
        guard !components.dropLast().contains("") else { throw refuse("empty path component") }
    }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case Archive.ArchiveError.invalidCRC32: "checksum mismatch"
        case Archive.ArchiveError.invalidCompressionMethod: "unsupported compression method"
        default: "corrupt or truncated data"
        }
    }
}
