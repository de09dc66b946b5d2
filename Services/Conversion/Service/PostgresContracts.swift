import Contracts
import NIOCore
import PostgresNIO

/// A contract word bound in queries and read from rows as its text (not as JSON, which
/// PostgresNIO would choose for a `Codable` type). The columns' CHECK constraints hold the same
/// words: a test compares them with the migrations.
public protocol PostgresWord: RawRepresentable, Codable, PostgresEncodable, PostgresDecodable where RawValue == String {}

extension PostgresWord {
    public static var psqlType: PostgresDataType { .text }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) throws {
        try rawValue.encode(into: &byteBuffer, context: context)
    }

    public init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                                           context: PostgresDecodingContext<JSONDecoder>) throws {
        guard let word = Self(rawValue: try String(from: &buffer, type: type, format: format, context: context)) else {
            throw PostgresDecodingError.Code.failure
        }
        self = word
    }
}

extension ConversionStatus: PostgresWord {}
extension ProgressStage: PostgresWord {}

/// Whom a transaction acts for, as the row-level security policies read it (`app.role`, set with
/// `app.user_id` at the start of every transaction): a user on their own rows, an administrator
/// on every conversion, the queue worker on the job tables.
public enum RowScope: String, PostgresWord, Sendable, CaseIterable {
    case user
    case admin
    case worker
}
