import Foundation
import HTTPTypes
import Logging
import PostgresNIO
import ServiceKit

/// One registered version of a model, as the registry holds it.
public struct ModelVersion: Sendable, Codable, Equatable {
    public var model: String
    public var version: String
    public var format: String
    public var location: String
    public var sha256: String
    public var sizeBytes: Int64
    public var status: String
    /// The version's metrics (JSON object text).
    public var metrics: String
    public var registeredBy: UUID?
    public var registeredAt: Date
    public var deployedBy: UUID?
    public var deployedAt: Date?
    public var previousProduction: String?

    public init(
        model: String, version: String, format: String, location: String, sha256: String, sizeBytes: Int64, status: String, metrics: String,
        registeredBy: UUID?, registeredAt: Date, deployedBy: UUID?, deployedAt: Date?, previousProduction: String?
    ) {
        self.model = model
        self.version = version
        self.format = format
        self.location = location
        self.sha256 = sha256
        self.sizeBytes = sizeBytes
        self.status = status
        self.metrics = metrics
        self.registeredBy = registeredBy
        self.registeredAt = registeredAt
        self.deployedBy = deployedBy
        self.deployedAt = deployedAt
        self.previousProduction = previousProduction
    }

    /// A version about to be registered: staged, its files' checksum and size as computed.
    public static func staged(
        model: String, version: String, format: String, location: String, files: (sha256: String, size: Int64), metrics: String, by actor: UUID?
    ) -> ModelVersion {
        ModelVersion(model: model, version: version, format: format, location: location, sha256: files.sha256, sizeBytes: files.size, status: "staged",
                     metrics: metrics, registeredBy: actor, registeredAt: Date(), deployedBy: nil, deployedAt: nil, previousProduction: nil)
    }

    /// What the cache keys a loaded model by.
    public var key: String { "\(model)@\(version)" }

    enum CodingKeys: String, CodingKey {
        case model, version, format, location, sha256, sizeBytes = "size_bytes", status, metrics, registeredBy = "registered_by",
             registeredAt = "registered_at", deployedBy = "deployed_by", deployedAt = "deployed_at", previousProduction = "previous_production"
    }
}

/// The model registry's rows (`models`, `model_versions`, `model_audit`): registering versions,
/// promoting one to production (the previous one is demoted in the same transaction), rolling back
/// to the version it replaced, archiving, and the audit of each change and each refused load.
public struct ModelRegistry: Sendable {
    public static let formats: Set<String> = ["bert-safetensors", "sklearn-linear", "custom"]
    let postgres: PostgresClient
    let logger: Logger

    public init(postgres: PostgresClient, logger: Logger) {
        self.postgres = postgres
        self.logger = logger
    }

    static let columns = """
        model_name, version, format, location, sha256, size_bytes, status, metrics::text, registered_by, registered_at, deployed_by, deployed_at, \
        previous_production
        """

    static func decode(_ row: PostgresRow) throws -> ModelVersion {
        let (model, version, format, location, sha, size, status, metrics, registeredBy, registeredAt, deployedBy, deployedAt, previous) = try row.decode(
            (String, String, String, String, String, Int64, String, String, UUID?, Date, UUID?, Date?, String?).self)
        return ModelVersion(model: model, version: version, format: format, location: location, sha256: sha, sizeBytes: size, status: status,
                            metrics: metrics, registeredBy: registeredBy, registeredAt: registeredAt, deployedBy: deployedBy, deployedAt: deployedAt,
                            previousProduction: previous)
    }

    /// Runs `body` in a transaction; an ``AppError`` it throws comes out as itself.
    func transaction<Result: Sendable>(_ body: @Sendable (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await postgres.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch let error as PostgresTransactionError {
            if let reason = error.closureError as? AppError { throw reason }
            throw error
        }
    }

    /// Every version of every model (or of `model`), newest first within each model.
    public func versions(of model: String? = nil) async throws -> [ModelVersion] {
        let rows = try await postgres.query(
            "SELECT \(unescaped: Self.columns) FROM model_versions WHERE \(model)::text IS NULL OR model_name = \(model) ORDER BY model_name, registered_at DESC, version DESC",
            logger: logger)
        var out: [ModelVersion] = []
        for try await row in rows { out.append(try Self.decode(row)) }
        return out
    }

    /// One version, or nil.
    public func version(_ model: String, _ version: String) async throws -> ModelVersion? {
        let rows = try await postgres.query(
            "SELECT \(unescaped: Self.columns) FROM model_versions WHERE model_name = \(model) AND version = \(version)", logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// The production version of `model`, or nil when none is promoted.
    public func production(_ model: String) async throws -> ModelVersion? {
        let rows = try await postgres.query(
            "SELECT \(unescaped: Self.columns) FROM model_versions WHERE model_name = \(model) AND status = 'production'", logger: logger)
        for try await row in rows { return try Self.decode(row) }
        return nil
    }

    /// Registers a staged version. A model's format is fixed by its first version.
    /// - Throws: `409 version_exists`, `409 format_mismatch`.
    public func register(_ entry: ModelVersion, actor: UUID?, requestID: String?) async throws -> ModelVersion {
        try await transaction { connection in
            try await connection.query(
                "INSERT INTO models (name, format) VALUES (\(entry.model), \(entry.format)) ON CONFLICT (name) DO NOTHING", logger: logger)
            let formats = try await connection.query("SELECT format FROM models WHERE name = \(entry.model)", logger: logger)
            for try await (format) in formats.decode(String.self) where format != entry.format {
                throw AppError(.conflict, code: "format_mismatch", message: "the model \(entry.model) holds \(format) versions, not \(entry.format)")
            }
            let inserted = try await connection.query(
                """
                INSERT INTO model_versions (model_name, version, format, location, sha256, size_bytes, metrics, registered_by)
                VALUES (\(entry.model), \(entry.version), \(entry.format), \(entry.location), \(entry.sha256), \(entry.sizeBytes), \(entry.metrics)::jsonb, \(actor))
                ON CONFLICT (model_name, version) DO NOTHING
                RETURNING \(unescaped: Self.columns)
                """, logger: logger)
            var created: ModelVersion?
            for try await row in inserted { created = try Self.decode(row) }
            guard let created else {
                throw AppError(.conflict, code: "version_exists", message: "\(entry.model) \(entry.version) is already registered")
            }
            try await Self.audit(connection, model: entry.model, version: entry.version, action: "register", actor: actor, requestID: requestID,
                                 detail: "{\"sha256\": \"\(entry.sha256)\", \"location\": \(Self.quoted(entry.location))}", logger: logger)
            return created
        }
    }

    /// Makes `version` the production one; the version it replaces goes back to `staged` and is
    /// remembered, so a rollback can return to it.
    /// - Throws: `404` for an unknown version, `409 archived` for an archived one.
    public func promote(_ model: String, _ version: String, actor: UUID?, requestID: String?) async throws -> ModelVersion {
        try await transaction { connection in
            let current = try await Self.lockVersions(connection, model, logger: logger)
            guard let target = current.first(where: { $0.version == version }) else { throw AppError.notFound("no version \(version) of \(model)") }
            guard target.status != "archived" else { throw AppError(.conflict, code: "archived", message: "\(model) \(version) is archived") }
            let previous = current.first { $0.status == "production" }
            if previous?.version == version { return target }
            try await Self.switchProduction(connection, model: model, from: previous?.version, to: version, remember: previous?.version, actor: actor, logger: logger)
            try await Self.audit(connection, model: model, version: version, action: "promote", actor: actor, requestID: requestID,
                                 detail: "{\"previous\": \(previous.map { Self.quoted($0.version) } ?? "null")}", logger: logger)
            return try await Self.fetch(connection, model, version, logger: logger)
        }
    }

    /// Returns production to the version the current one replaced (the current one goes to `staged`).
    /// - Throws: `409 nothing_to_roll_back` when there is no earlier version to return to.
    public func rollback(_ model: String, actor: UUID?, requestID: String?) async throws -> ModelVersion {
        try await transaction { connection in
            let current = try await Self.lockVersions(connection, model, logger: logger)
            guard !current.isEmpty else { throw AppError.notFound("no model \(model)") }
            guard let production = current.first(where: { $0.status == "production" }), let previous = production.previousProduction,
                  let target = current.first(where: { $0.version == previous && $0.status == "staged" })
            else {
                throw AppError(.conflict, code: "nothing_to_roll_back", message: "\(model) has no earlier production version to return to")
            }
            try await Self.switchProduction(connection, model: model, from: production.version, to: target.version,
                                            remember: target.previousProduction, actor: actor, logger: logger)
            try await Self.audit(connection, model: model, version: target.version, action: "rollback", actor: actor, requestID: requestID,
                                 detail: "{\"from\": \(Self.quoted(production.version))}", logger: logger)
            return try await Self.fetch(connection, model, target.version, logger: logger)
        }
    }

    /// Archives a version that is not in production.
    /// - Throws: `409 in_production`.
    public func archive(_ model: String, _ version: String, actor: UUID?, requestID: String?) async throws -> ModelVersion {
        try await transaction { connection in
            let current = try await Self.lockVersions(connection, model, logger: logger)
            guard let target = current.first(where: { $0.version == version }) else { throw AppError.notFound("no version \(version) of \(model)") }
            guard target.status != "production" else {
                throw AppError(.conflict, code: "in_production", message: "\(model) \(version) is in production: promote another version first")
            }
            try await connection.query(
                "UPDATE model_versions SET status = 'archived' WHERE model_name = \(model) AND version = \(version)", logger: logger)
            try await Self.audit(connection, model: model, version: version, action: "archive", actor: actor, requestID: requestID, detail: "{}", logger: logger)
            return try await Self.fetch(connection, model, version, logger: logger)
        }
    }

    /// The latest audit entries of `model`: action, version, actor, time and detail.
    public func auditTrail(_ model: String, limit: Int = 50) async throws -> [AuditEntry] {
        let rows = try await postgres.query(
            "SELECT action, version, actor_id, at, detail::text FROM model_audit WHERE model_name = \(model) ORDER BY id DESC LIMIT \(limit)", logger: logger)
        var out: [AuditEntry] = []
        for try await (action, version, actor, at, detail) in rows.decode((String, String?, UUID?, Date, String).self) {
            out.append(AuditEntry(action: action, version: version, actor: actor, at: at, detail: detail))
        }
        return out
    }

    /// Records a load the service refused (`checksum_mismatch`, `load_failed`).
    public func recordRefusedLoad(_ version: ModelVersion, action: String, detail: String) async {
        do {
            try await postgres.withConnection { connection in
                try await Self.audit(connection, model: version.model, version: version.version, action: action, actor: nil, requestID: nil,
                                     detail: detail, logger: logger)
            }
        } catch {
            logger.error("model audit not written", metadata: ["model": "\(version.key)", "error": "\(String(describing: error).prefix(200))"])
        }
    }

    /// An audit row.
    public struct AuditEntry: Sendable, Codable {
        public var action: String
        public var version: String?
        public var actor: UUID?
        public var at: Date
        /// JSON object text.
        public var detail: String
    }

    // MARK: - Helpers

    private static func lockVersions(_ connection: PostgresConnection, _ model: String, logger: Logger) async throws -> [ModelVersion] {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM model_versions WHERE model_name = \(model) FOR UPDATE", logger: logger)
        var out: [ModelVersion] = []
        for try await row in rows { out.append(try decode(row)) }
        return out
    }

    private static func fetch(_ connection: PostgresConnection, _ model: String, _ version: String, logger: Logger) async throws -> ModelVersion {
        let rows = try await connection.query(
            "SELECT \(unescaped: columns) FROM model_versions WHERE model_name = \(model) AND version = \(version)", logger: logger)
        for try await row in rows { return try decode(row) }
        throw AppError.notFound("no version \(version) of \(model)")
    }

    private static func switchProduction(
        _ connection: PostgresConnection, model: String, from old: String?, to new: String, remember: String?, actor: UUID?, logger: Logger
    ) async throws {
        if let old {
            try await connection.query("UPDATE model_versions SET status = 'staged' WHERE model_name = \(model) AND version = \(old)", logger: logger)
        }
        try await connection.query(
            """
            UPDATE model_versions SET status = 'production', deployed_by = \(actor), deployed_at = now(), previous_production = \(remember)
            WHERE model_name = \(model) AND version = \(new)
            """, logger: logger)
    }

    private static func audit(
        _ connection: PostgresConnection, model: String, version: String?, action: String, actor: UUID?, requestID: String?, detail: String, logger: Logger
    ) async throws {
        try await connection.query(
            """
            INSERT INTO model_audit (model_name, version, action, actor_id, request_id, detail)
            VALUES (\(model), \(version), \(action), \(actor), \(requestID), \(detail)::jsonb)
            """, logger: logger)
    }

    static func quoted(_ text: String) -> String {
        String(decoding: (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8), as: UTF8.self)
    }
}
