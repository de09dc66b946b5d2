import Contracts
import ConversionService
import Foundation
import Testing
import TestSupport

/// The words the contracts allow for `status` and `stage` are the words the schema's CHECK
/// constraints allow (the service binds the enums directly; a word one side lacks would fail a
/// query or a decode at run time).
@Suite("Contract words against the schema")
struct ContractWordsTests {
    /// The quoted words of the `CHECK (column IN (…))` of `column` in a migration.
    func checkedWords(_ column: String, in migration: String) throws -> [String] {
        let path = LocalStack.repositoryRoot + "/Services/Migrator/Migrations/sql/" + migration
        let sql = try String(contentsOfFile: path, encoding: .utf8)
        let start = try #require(sql.range(of: "CHECK (\(column) IN ("), "\(migration) has no CHECK on \(column)")
        let end = try #require(sql[start.upperBound...].firstIndex(of: ")"))
        return sql[start.upperBound..<end].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\n")) }
    }

    @Test func statusesAreTheSchemasStatuses() throws {
        #expect(try checkedWords("status", in: "0003_users_and_conversions.up.sql") == ConversionStatus.allCases.map(\.rawValue))
    }

    @Test func stagesAreTheSchemasStages() throws {
        #expect(try checkedWords("stage", in: "0008_conversion_jobs.up.sql") == ProgressStage.allCases.map(\.rawValue))
    }

    @Test func theRowScopesAreTheWordsThePoliciesRead() throws {
        // Every `current_setting('app.role', true) = '…'` in the migrations names a scope the
        // service sets, and the service sets no scope beside `user` (the default) that no policy reads.
        let folder = LocalStack.repositoryRoot + "/Services/Migrator/Migrations/sql/"
        var read: Set<String> = []
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) where name.hasSuffix(".up.sql") {
            let sql = try String(contentsOfFile: folder + name, encoding: .utf8)
            var rest = sql[...]
            while let found = rest.range(of: "current_setting('app.role', true) = '") {
                let tail = rest[found.upperBound...]
                if let end = tail.firstIndex(of: "'") { read.insert(String(tail[..<end])) }
                rest = tail
            }
        }
        #expect(!read.isEmpty)
        #expect(read.isSubset(of: Set(RowScope.allCases.map(\.rawValue))), "\(read)")
        #expect(Set(RowScope.allCases.map(\.rawValue)).subtracting(read).subtracting(["user"]).isEmpty)
    }
}
