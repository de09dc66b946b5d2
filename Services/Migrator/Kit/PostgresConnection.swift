import CLibPQ
import Foundation

/// A libpq connection, used the way psql uses one: scripts go through the simple-query protocol,
/// so a migration file may hold many statements, `DO` blocks and functions.
///
/// Not thread-safe; the migrator uses one connection from one thread.
public final class PostgresConnection {
    private let handle: OpaquePointer

    /// Connects with a libpq connection string or URI (`postgresql://user:pw@host:port/db`).
    ///
    /// - Throws: ``MigratorError/connection(_:)`` with libpq's message (the password never
    ///   appears in it).
    public init(_ connectionString: String) throws {
        guard let handle = PQconnectdb(connectionString) else {
            throw MigratorError.connection("libpq could not allocate a connection")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = Self.text(PQerrorMessage(handle))
            PQfinish(handle)
            throw MigratorError.connection(message)
        }
        self.handle = handle
        _ = try? execute("SET client_min_messages = warning")
    }

    deinit { PQfinish(handle) }

    /// Runs one or more statements; returns the rows of the last result (text values, `nil` for
    /// NULL).
    @discardableResult
    public func execute(_ sql: String) throws -> [[String?]] {
        try consume(PQexec(handle, sql))
    }

    /// Runs one statement with `$1…` parameters sent separately from the SQL (no quoting).
    @discardableResult
    public func execute(_ sql: String, parameters: [String?]) throws -> [[String?]] {
        var cStrings = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { for pointer in cStrings { free(pointer) } }
        let result = cStrings.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: UnsafePointer<CChar>?.self) { values in
                PQexecParams(handle, sql, Int32(parameters.count), nil, values.baseAddress, nil, nil, 0)
            }
        }
        return try consume(result)
    }

    private func consume(_ result: OpaquePointer?) throws -> [[String?]] {
        guard let result else { throw MigratorError.sql(Self.text(PQerrorMessage(handle))) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
            return []
        case PGRES_TUPLES_OK:
            var rows: [[String?]] = []
            for row in 0..<PQntuples(result) {
                rows.append((0..<PQnfields(result)).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
            }
            return rows
        default:
            throw MigratorError.sql(Self.text(PQresultErrorMessage(result)))
        }
    }

    private static func text(_ pointer: UnsafePointer<CChar>?) -> String {
        guard let pointer else { return "unknown libpq error" }
        return String(cString: pointer).trimmingCharacters(in: .whitespacesAndNewlines)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
