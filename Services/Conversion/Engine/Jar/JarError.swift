/// Why a jar, or one of its entries, was refused. Each case names the entry and the rule.
public enum JarError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a zip archive (or its central directory cannot be found: truncated).
    case notAZip
    /// An entry name could escape the job's folder or is not a plain relative path.
    case unsafeEntryName(entry: String, rule: String)
    /// Two entries share a name.
    case duplicateEntry(String)
    /// More entries than the limit (counting stops there: a hostile directory is not walked whole).
    case tooManyEntries(limit: Int)
    /// The declared uncompressed total passes the limit.
    case tooLarge(declared: UInt64, limit: UInt64)
    /// One entry is larger than the per-entry limit (declared, or found while reading).
    case entryTooLarge(entry: String, limit: UInt64)
    /// One entry compresses suspiciously well (a zip bomb).
    case suspiciousCompression(entry: String, ratio: UInt64, limit: UInt64)
    /// The entry is not in the jar.
    case missingEntry(String)
    /// The entry's data could not be read (corrupt, truncated, bad checksum).
    case unreadableEntry(entry: String, reason: String)

    public var description: String {
        switch self {
        case .notAZip: "the upload is not a zip/jar archive (or it is truncated)"
        case .unsafeEntryName(let entry, let rule): "entry \"\(Self.printable(entry))\" refused: \(rule)"
        case .duplicateEntry(let entry): "entry \"\(Self.printable(entry))\" appears twice"
        case .tooManyEntries(let limit): "the archive has more than \(limit) entries"
        case .tooLarge(let declared, let limit): "the archive unpacks to \(declared) bytes; the limit is \(limit)"
        case .entryTooLarge(let entry, let limit): "entry \"\(Self.printable(entry))\" is larger than \(limit) bytes"
        case .suspiciousCompression(let entry, let ratio, let limit):
            "entry \"\(Self.printable(entry))\" expands \(ratio)× (limit \(limit)×): refused as a zip bomb"
        case .missingEntry(let entry): "entry \"\(Self.printable(entry))\" is not in the archive"
        case .unreadableEntry(let entry, let reason): "entry \"\(Self.printable(entry))\" cannot be read: \(reason)"
        }
    }

    /// The name with control characters escaped, so an error message cannot forge log lines.
    static func printable(_ name: String) -> String {
        String(name.unicodeScalars.prefix(200).map { $0.value < 0x20 || $0.value == 0x7F ? "\\u{\(String($0.value, radix: 16))}" : String($0) }.joined())
    }
}
