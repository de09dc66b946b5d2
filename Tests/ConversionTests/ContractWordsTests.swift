import Contracts
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
}
