import Crypto
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The artifact store: a folder holding uploads by content (`uploads/<sha256>.jar`) and results by
/// cache key (`results/<key>/addon.mcaddon`, `report.json`, `report.html`, `report.csv`), and the
/// saved versions of collaboratively edited add-ons (`versions/<conversion>/<n>.mcaddon`). Every
/// file is written to `tmp/` first and renamed into place, so a reader never sees half a file;
/// names come only from hex digests, never from the client.
public struct ArtifactStore: Sendable {
    public let root: URL

    public init(root: String) throws {
        self.root = URL(fileURLWithPath: root, isDirectory: true)
        for folder in ["uploads", "results", "versions", "tmp"] {
            try FileManager.default.createDirectory(at: self.root.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
    }

    static func isDigest(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// A name the store refuses (not a lower-case SHA-256 hex digest, or a version below 1).
    public struct InvalidName: Error, CustomStringConvertible {
        public let name: String
        public var description: String { "not an artifact name: \(name.prefix(80))" }
    }

    /// The stored upload with digest `sha256`.
    public func uploadURL(_ sha256: String) throws(InvalidName) -> URL {
        guard Self.isDigest(sha256) else { throw InvalidName(name: sha256) }
        return root.appendingPathComponent("uploads/\(sha256).jar")
    }

    /// The folder of the result with cache key `key`.
    public func resultFolder(_ key: String) throws(InvalidName) -> URL {
        guard Self.isDigest(key) else { throw InvalidName(name: key) }
        return root.appendingPathComponent("results/\(key)", isDirectory: true)
    }

    /// Whether the result with cache key `key` is still kept (its add-on is there).
    public func hasResult(_ key: String) -> Bool {
        guard let folder = try? resultFolder(key) else { return false }
        return FileManager.default.fileExists(atPath: folder.appendingPathComponent("addon.mcaddon").path)
    }

    /// Saved version `version` of a conversion's edited add-on.
    public func versionURL(conversion: UUID, version: Int) throws(InvalidName) -> URL {
        guard version > 0 else { throw InvalidName(name: String(version)) }
        return root.appendingPathComponent("versions/\(conversion.uuidString.lowercased())/\(version).mcaddon")
    }

    /// Writes a saved version atomically (temporary file, then rename).
    public func storeVersion(_ data: Data, conversion: UUID, version: Int) throws {
        let target = try versionURL(conversion: conversion, version: version)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let staging = temporaryURL()
        try data.write(to: staging)
        guard rename(staging.path, target.path) == 0 else {
            try? FileManager.default.removeItem(at: staging)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// A fresh temporary file's URL inside the store.
    public func temporaryURL() -> URL {
        root.appendingPathComponent("tmp/\(UUID().uuidString.lowercased())")
    }

    /// Moves a finished temporary upload to its content address (an identical upload already there
    /// wins; the temporary file goes).
    public func promoteUpload(_ temporary: URL, sha256: String) throws {
        let target = try uploadURL(sha256)
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: temporary)
        } else if rename(temporary.path, target.path) != 0 {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// Writes a result's files under its cache key, atomically as a folder. A name may hold one
    /// level of folder (`previews/x.png`); each part must be a plain file name.
    public func storeResult(key: String, files: [String: Data]) throws {
        let target = try resultFolder(key)
        for name in files.keys where !Self.isResultFileName(name) { throw InvalidName(name: name) }
        let staging = temporaryURL()
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        for (name, data) in files.sorted(by: { $0.key < $1.key }) {
            let url = staging.appendingPathComponent(name)
            if name.contains("/") { try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true) }
            try data.write(to: url)
        }
        if FileManager.default.fileExists(atPath: target.path) {
            try? FileManager.default.removeItem(at: staging)
        } else if rename(staging.path, target.path) != 0 {
            try? FileManager.default.removeItem(at: staging)
            if !FileManager.default.fileExists(atPath: target.path) { throw CocoaError(.fileWriteUnknown) }
        }
    }

    /// A result file's name: one or two parts (a folder and a file), each a plain file name.
    static func isResultFileName(_ name: String) -> Bool {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        return (1...2).contains(parts.count) && parts.allSatisfy { isPlainFileName($0) }
    }

    /// One path part of `[A-Za-z0-9_.-]`, at most 200 bytes, neither `.` nor `..`.
    static func isPlainFileName(_ part: Substring) -> Bool {
        !part.isEmpty && part != "." && part != ".." && part.utf8.count <= 200
            && part.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "_.-".unicodeScalars.contains($0)) }
    }

    /// Removes an upload or a result folder (missing is fine).
    public func remove(upload sha256: String) { if let url = try? uploadURL(sha256) { try? FileManager.default.removeItem(at: url) } }
    public func remove(result key: String) { if let url = try? resultFolder(key) { try? FileManager.default.removeItem(at: url) } }
    public func remove(versionsOf conversion: UUID) {
        try? FileManager.default.removeItem(at: root.appendingPathComponent("versions/\(conversion.uuidString.lowercased())"))
    }

    /// Bytes used by the store (uploads, results, temporary files).
    public func usage() -> Int64 {
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
        var total: Int64 = 0
        for case let url as URL in walker {
            total += Int64((try? url.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0)
        }
        return total
    }

    /// The file system holding the store: the bytes an unprivileged writer may still use, and its
    /// size (`statvfs`); `nil` when the folder cannot be examined.
    public func disk() -> (free: Int64, capacity: Int64)? {
        var info = statvfs()
        guard statvfs(root.path, &info) == 0 else { return nil }
        let block = Int64(info.f_frsize)
        return (Int64(info.f_bavail) * block, Int64(info.f_blocks) * block)
    }

    /// SHA-256 of `data` as lowercase hex.
    public static func hex(_ digest: some Sequence<UInt8>) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}

/// Writes an upload to a temporary file while hashing it and counting its bytes, refusing to go
/// past the limit. Used by one task at a time.
public final class UploadSink {
    let handle: FileHandle
    public let url: URL
    var hasher = SHA256()
    public private(set) var size = 0
    let limit: Int
    /// The first bytes, for content sniffing.
    public private(set) var head: [UInt8] = []

    public init(store: ArtifactStore, limit: Int) throws {
        url = store.temporaryURL()
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        handle = try FileHandle(forWritingTo: url)
        self.limit = limit
    }

    /// Appends bytes. - Returns: `false` when the limit is crossed (nothing more is written).
    public func append(_ bytes: some Collection<UInt8>) throws -> Bool {
        size += bytes.count
        guard size <= limit else { return false }
        if head.count < 8 { head.append(contentsOf: bytes.prefix(8 - head.count)) }
        let data = Data(bytes)
        hasher.update(data: data)
        try handle.write(contentsOf: data)
        return true
    }

    /// Closes the file; its SHA-256 as hex.
    public func finish() throws -> String {
        try handle.close()
        return ArtifactStore.hex(hasher.finalize())
    }

    /// Closes and deletes the file.
    public func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(at: url)
    }
}
