import AIInference
import Contracts
import Foundation
import HTTPTypes
import Hummingbird
import InternalHTTP
import JWTVerification
import Logging
import ServiceKit

/// The ai-engine's routes, reached only through the internal listener with a service token: the
/// gateway forwards a signed-in user (`X-User-ID`, `X-User-Permissions`) for embeddings, search and
/// the model registry; the conversion service calls `suggest` (classify, then match against the
/// knowledge base) for its engine's advisor.
public struct AIController<Context: RequestContext>: Sendable {
    let engine: AIEngine
    let gate: ServiceTokenGate
    let logger: Logger

    public init(engine: AIEngine, gate: ServiceTokenGate, logger: Logger) {
        self.engine = engine
        self.gate = gate
        self.logger = logger
    }

    public func addRoutes(to router: Router<Context>) {
        let ai = router.group("/internal/v1/ai")
        ai.post("embeddings") { request, _ in try await embeddings(request) }
        ai.post("search") { request, _ in try await search(request) }
        ai.post("suggest") { request, _ in try await suggest(request) }
        ai.get("suggest/sources") { request, _ in try await suggestSources(request) }
        ai.get("models") { request, _ in
            _ = try await user(request, needs: "models:read")
            return try jsonResponse(ModelList(models: try await models()))
        }
        ai.get("models/:name") { request, context in
            _ = try await user(request, needs: "models:read")
            let name = try modelName(context)
            guard let summary = try await models(name).first else { throw AppError.notFound("no model \(name)") }
            return try jsonResponse(ModelDetail(model: summary, audit: try await engine.registry.auditTrail(name)))
        }
        ai.post("models/:name/versions") { request, context in try await register(request, context) }
        ai.post("models/:name/versions/:version/promote") { request, context in
            let (actor, name, version) = try await deployment(request, context)
            guard let entry = try await engine.registry.version(name, version) else { throw AppError.notFound("no version \(version) of \(name)") }
            // The files must still be what was registered before they serve anyone.
            _ = try await engine.load(entry, refusal: .conflict)
            return try jsonResponse(try await engine.registry.promote(name, version, actor: actor, requestID: request.headers[.requestID]))
        }
        ai.post("models/:name/versions/:version/archive") { request, context in
            let (actor, name, version) = try await deployment(request, context)
            return try jsonResponse(try await engine.registry.archive(name, version, actor: actor, requestID: request.headers[.requestID]))
        }
        ai.post("models/:name/rollback") { request, context in
            let actor = try await user(request, needs: "models:deploy")
            let name = try modelName(context)
            guard let current = try await engine.registry.production(name), let previous = current.previousProduction,
                  let entry = try await engine.registry.version(name, previous) else {
                throw AppError(.conflict, code: "nothing_to_roll_back", message: "\(name) has no earlier production version to return to")
            }
            _ = try await engine.load(entry, refusal: .conflict)
            return try jsonResponse(try await engine.registry.rollback(name, actor: actor, requestID: request.headers[.requestID]))
        }
    }

    // MARK: - Embeddings and search

    struct EmbeddingsRequest: Decodable { let texts: [String] }
    struct EmbeddingsResponse: Encodable {
        let embeddings: [[Float]]
        let model: String
        let version: String
        let dimensions: Int
    }

    private func embeddings(_ request: Request) async throws -> Response {
        _ = try await user(request, needs: "ai:use")
        let body = try await JSONBody.decode(EmbeddingsRequest.self, request, limit: bodyLimit)
        try validate(body.texts)
        let (vectors, version) = try await engine.embed(body.texts)
        return try jsonResponse(EmbeddingsResponse(embeddings: vectors, model: version.model, version: version.version, dimensions: MiniLM.hidden))
    }

    struct SearchRequest: Decodable {
        let text: String
        let k: Int?
        let kind: String?
    }
    struct SearchResponse: Encodable {
        let results: [KnowledgeBase.Hit]
        let model: String
        let version: String
    }

    private func search(_ request: Request) async throws -> Response {
        _ = try await user(request, needs: "ai:use")
        let body = try await JSONBody.decode(SearchRequest.self, request)
        try validate([body.text])
        let k = body.k ?? 5
        guard (1...50).contains(k) else { throw AppError(.unprocessableContent, code: "invalid_k", message: "k must be between 1 and 50") }
        if let kind = body.kind, !KnowledgeBase.isKind(kind) {
            throw AppError(.unprocessableContent, code: "invalid_kind",
                           message: "kind must be 1–64 of a-z, 0-9, '_', '.', '-', starting with a letter or digit (as block-component)")
        }
        let (vectors, version) = try await engine.embed([body.text])
        let hits = try await engine.knowledge.search(vectors[0], k: k, kind: body.kind)
        return try jsonResponse(SearchResponse(results: hits, model: version.model, version: version.version))
    }

    /// Knowledge-base kinds worth proposing for each class kind (nil: any).
    static var entryKinds: [String: String] { [
        "block": "block-component", "item": "item-component", "entity": "entity-component", "recipe": "recipe",
        "event_handler": "script-event", "network": "script-event", "block_entity": "block-component", "worldgen": "pack-file",
    ] }

    /// The conversion engine's hook for classes no rule covers (``SuggestRequest``): the classifier
    /// names each class's kind, and the knowledge base proposes the nearest Bedrock entry among
    /// those of that kind.
    private func suggest(_ request: Request) async throws -> Response {
        try await requireConversionService(request)
        let body = try await JSONBody.decode(SuggestRequest.self, request, limit: bodyLimit)
        let texts = body.classes.map { ClassSummaryText.describe(name: $0.name, superclass: $0.superclass, strings: $0.strings ?? []) }
        try validate(texts)
        let (model, classifierVersion) = try await engine.production(engine.settings.classifierModel)
        guard case .linear(let classifier) = model, classifier.description.features == MiniLM.hidden else {
            throw AppError(.serviceUnavailable, code: "model_not_a_classifier", message: "\(classifierVersion.key) is not a linear classifier over embeddings")
        }
        let (vectors, embedder) = try await engine.embed(texts)
        var suggestions: [SuggestResponse.Suggestion] = []
        for (javaClass, vector) in zip(body.classes, vectors) {
            let (kind, scores) = try classifier.predict(vector)
            let entry = try await engine.knowledge.search(vector, k: 1, kind: Self.entryKinds[kind]).first
            suggestions.append(.init(name: javaClass.name, kind: kind, confidence: Double(scores[kind] ?? 0), entry: entry.map {
                SuggestResponse.Entry(id: $0.id, kind: $0.kind, title: $0.title, text: $0.text, similarity: $0.similarity)
            }))
        }
        return try jsonResponse(SuggestResponse(suggestions: suggestions, classifier: classifierVersion.key, embedder: embedder.key))
    }

    /// What `suggest` answers from right now (``SuggestSources``): the production classifier and
    /// embedder and a digest of the knowledge base. The conversion service puts it in its
    /// result-cache key, so a promotion, a rollback or a knowledge refresh is never answered with
    /// suggestions made before.
    private func suggestSources(_ request: Request) async throws -> Response {
        try await requireConversionService(request)
        var keys: [String] = []
        for name in [engine.settings.classifierModel, engine.settings.embedderModel] {
            guard let version = try await engine.registry.production(name) else {
                throw AppError(.serviceUnavailable, code: "model_not_deployed", message: "no production version of \(name) is deployed")
            }
            keys.append(version.key)
        }
        return try jsonResponse(SuggestSources(classifier: keys[0], embedder: keys[1], knowledge: try await engine.knowledge.digest()))
    }

    var bodyLimit: Int { engine.settings.maxTexts * (engine.settings.maxTextBytes * 6 + 16) + 1_024 }

    /// No texts, more than allowed or an over-long one: a 422 naming the limit. (An empty text is
    /// embedded, as sentence-transformers does: `[CLS] [SEP]`.)
    private func validate(_ texts: [String]) throws {
        guard !texts.isEmpty else { throw AppError(.unprocessableContent, code: "no_texts", message: "send at least one text") }
        guard texts.count <= engine.settings.maxTexts else {
            throw AppError(.unprocessableContent, code: "too_many_texts", message: "at most \(engine.settings.maxTexts) texts per request (got \(texts.count))")
        }
        for (index, text) in texts.enumerated() {
            guard text.utf8.count <= engine.settings.maxTextBytes else {
                throw AppError(.unprocessableContent, code: "text_too_long",
                               message: "text \(index) has \(text.utf8.count) bytes; at most \(engine.settings.maxTextBytes) are accepted")
            }
        }
    }

    // MARK: - Registry

    struct ModelSummary: Encodable {
        let name: String
        let format: String
        let production: String?
        let versions: [ModelVersion]
    }
    struct ModelList: Encodable { let models: [ModelSummary] }
    struct ModelDetail: Encodable {
        let model: ModelSummary
        let audit: [ModelRegistry.AuditEntry]
    }

    private func models(_ name: String? = nil) async throws -> [ModelSummary] {
        let versions = try await engine.registry.versions(of: name)
        return Dictionary(grouping: versions, by: \.model).sorted { $0.key < $1.key }.map { name, versions in
            ModelSummary(name: name, format: versions[0].format, production: versions.first { $0.status == "production" }?.version, versions: versions)
        }
    }

    struct RegisterRequest: Decodable {
        let version: String
        let format: String
        let location: String
        let sha256: String?
        let metrics: JSONValueObject?
    }

    private func register(_ request: Request, _ context: Context) async throws -> Response {
        let actor = try await user(request, needs: "models:deploy")
        let name = try modelName(context)
        let body: RegisterRequest
        if request.headers[.contentType]?.lowercased().hasPrefix("multipart/") == true {
            // An upload: the files land in MODELS_DIR/uploads/<name>/<version>, then register as a path.
            let (meta, location) = try await ModelUpload.receive(request, model: name, modelsDirectory: engine.settings.modelsDirectory,
                                                                 limit: engine.settings.uploadLimit)
            body = RegisterRequest(version: meta.version, format: meta.format, location: location, sha256: nil, metrics: meta.metrics)
        } else {
            body = try await JSONBody.decode(RegisterRequest.self, request, limit: 256 << 10)
        }
        guard ModelName.isVersion(body.version) else {
            throw AppError(.unprocessableContent, code: "invalid_version", message: "the version must be semantic: MAJOR.MINOR.PATCH[-pre]")
        }
        guard ModelRegistry.formats.contains(body.format) else {
            throw AppError(.unprocessableContent, code: "invalid_format", message: "the format is one of \(ModelRegistry.formats.sorted().joined(separator: ", "))")
        }
        let files = try await ModelRegistration.inspect(location: body.location, in: engine.settings.modelsDirectory)
        if let claimed = body.sha256, claimed.lowercased() != files.sha256 {
            throw AppError(.unprocessableContent, code: "checksum_mismatch", message: "the files hash to \(files.sha256), not \(claimed)")
        }
        let entry = ModelVersion.staged(
            model: name, version: body.version, format: body.format, location: body.location, files: files, metrics: body.metrics?.text ?? "{}", by: actor)
        let created = try await engine.registry.register(entry, actor: actor, requestID: request.headers[.requestID])
        return try jsonResponse(created, status: .created)
    }

    private func deployment(_ request: Request, _ context: Context) async throws -> (UUID, String, String) {
        let actor = try await user(request, needs: "models:deploy")
        guard let version = context.parameters.get("version"), ModelName.isVersion(version) else {
            throw AppError.notFound("no such version")
        }
        return (actor, try modelName(context), version)
    }

    private func modelName(_ context: Context) throws -> String {
        guard let name = context.parameters.get("name"), ModelName.isValid(name) else { throw AppError.notFound("no such model") }
        return name
    }

    // MARK: - Identity

    /// `suggest` and its sources answer the conversion service alone.
    private func requireConversionService(_ request: Request) async throws {
        guard try await service(request) == "conversion" else {
            throw AppError(.forbidden, code: "forbidden", message: "suggest is the conversion service's call")
        }
    }

    /// The calling service's name, after its token checks out.
    private func service(_ request: Request) async throws -> String {
        try await gate.requireService(request.headers)
    }

    /// The user the gateway names, holding `permission`.
    private func user(_ request: Request, needs permission: String) async throws -> UUID {
        try await gate.forwardedUser(request.headers, needs: permission).id
    }
}

/// A JSON object kept as its text (a version's metrics).
struct JSONValueObject: Decodable {
    let text: String
    init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        guard case .object = value, !value.containsNUL else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "metrics must be an object with no NUL character"))
        }
        text = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }
}

/// Checks a version's files before it is registered.
enum ModelRegistration {
    static func inspect(location: String, in root: String) async throws -> (sha256: String, size: Int64) {
        do {
            let folder = try ModelFiles.resolve(location, in: root)
            return try await Task.detached(priority: .utility) { try ModelFiles.checksum(folder: folder) }.value
        } catch let error as ModelLoadError {
            throw AppError(.unprocessableContent, code: error.code, message: error.message)
        }
    }
}
