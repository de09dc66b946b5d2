import Crypto
import Foundation

/// One migration: a version, a name, and the SQL to apply and to revert it.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let upSQL: String
    public let downSQL: String

    public init(version: Int, name: String, upSQL: String, downSQL: String) {
        self.version = version
        self.name = name
        self.upSQL = upSQL
        self.downSQL = downSQL
    }

    /// The up file's name, e.g. `0003_users.up.sql`.
    public var upFile: String { "\(Self.format(version))_\(name).up.sql" }
    /// The down file's name.
    public var downFile: String { "\(Self.format(version))_\(name).down.sql" }

    /// SHA-256 of the up file's bytes, lower-case hex.
    public var checksum: String {
        SHA256.hash(data: Data(upSQL.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A version as its four-digit file prefix.
    public static func format(_ version: Int) -> String {
        let digits = String(version)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Loads every migration in `directory`.
    ///
    /// Rules: files are named `NNNN_name.up.sql` / `NNNN_name.down.sql` (`name` in
    /// `[a-z0-9_]`), every up has its down, and no version appears twice.
    /// - Throws: ``MigratorError/invalidMigrations(_:)`` naming the offending file.
    public static func load(from directory: URL) throws -> [Migration] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        var ups: [Int: (name: String, sql: String)] = [:]
        var downs: [Int: (name: String, sql: String)] = [:]
        for file in names.sorted() {
            guard let (version, name, direction) = parse(file) else {
                throw MigratorError.invalidMigrations("\(file) is not named NNNN_name.up.sql or NNNN_name.down.sql")
            }
            let sql = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            if direction == "up" {
                if ups[version] != nil { throw MigratorError.invalidMigrations("version \(format(version)) has two up files") }
                ups[version] = (name, sql)
            } else {
                if downs[version] != nil { throw MigratorError.invalidMigrations("version \(format(version)) has two down files") }
                downs[version] = (name, sql)
            }
        }
        var migrations: [Migration] = []
        for version in Set(ups.keys).union(downs.keys).sorted() {
            guard let up = ups[version] else { throw MigratorError.invalidMigrations("\(format(version))_\(downs[version]?.name ?? "?").down.sql has no up file") }
            guard let down = downs[version] else { throw MigratorError.invalidMigrations("\(format(version))_\(up.name).up.sql has no down file") }
            guard up.name == down.name else {
                throw MigratorError.invalidMigrations("version \(format(version)) has up \"\(up.name)\" but down \"\(down.name)\"")
            }
            migrations.append(Migration(version: version, name: up.name, upSQL: up.sql, downSQL: down.sql))
        }
        return migrations
    }

    private static func parse(_ file: String) -> (Int, String, String)? {
        let direction: String
        if file.hasSuffix(".up.sql") { direction = "up" } else if file.hasSuffix(".down.sql") { direction = "down" } else { return nil }
        let stem = file.dropLast(direction == "up" ? 7 : 9)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard digits.count == 4, digits.allSatisfy(\.isASCII), let version = Int(digits), version > 0,
            !name.isEmpty, name.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "_" })
        else { return nil }
        return (version, String(name), direction)
    }
}
