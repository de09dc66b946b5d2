import Contracts
import ConversionEngine
import Foundation
import InternalHTTP
import Logging

/// The conversion engine's AI hook (its ``ConversionAdvisor``): the classes no rule covers go to
/// the ai-engine (`POST /internal/v1/ai/suggest`), whose classifier names each one's
/// kind and whose knowledge base proposes the nearest Bedrock equivalent; each proposal joins the
/// report as a smart assumption with its similarity and the models that made it. The AI engine
/// being down costs a warning in the report, never the conversion.
struct AISuggestions: ConversionAdvisor {
    let client: InternalHTTPClient
    let credentials: ServiceCredentials
    let url: String
    let limit: Int
    let logger: Logger

    /// The hook for `settings`, when the ai-engine is configured (its URL, the service secret and a
    /// limit above zero); nil otherwise.
    static func make(settings: ConversionSettings, client: InternalHTTPClient, logger: Logger) -> AISuggestions? {
        guard let url = settings.aiEngineURL, let secret = settings.serviceSecret, settings.aiSuggestionsMax > 0 else { return nil }
        return AISuggestions(
            client: client, credentials: ServiceCredentials(client: client, authURL: settings.authURL, clientID: "conversion", secret: secret),
            url: url, limit: settings.aiSuggestionsMax, logger: logger)
    }

    /// What the suggestions would come from right now, for the result-cache key:
    /// `classifier=…;embedder=…;knowledge=…` (`GET /internal/v1/ai/suggest/sources`), or
    /// `unavailable` when the ai-engine cannot say — a conversion made then warns that its AI
    /// suggestions are missing, and once the ai-engine answers again the key differs, so the same
    /// upload is converted anew rather than answered with that result.
    func sources(requestID: String) async -> String {
        do {
            let token = try await credentials.token(for: "ai-engine", requestID: requestID)
            let exchange = try await client.send(
                "GET", url + "/internal/v1/ai/suggest/sources",
                headers: [("Authorization", "Bearer " + token), ("X-Request-ID", requestID)], body: [], timeout: .seconds(5), maxBody: 4_096)
            guard exchange.status == 200 else {
                throw AIUnavailable(description: "the ai-engine answered \(exchange.status)")
            }
            let sources = try JSONDecoder().decode(SuggestSources.self, from: Data(exchange.body))
            return "classifier=\(sources.classifier);embedder=\(sources.embedder);knowledge=\(sources.knowledge)"
        } catch {
            logger.warning("AI sources unavailable", metadata: ["request_id": .string(requestID), "error": .string("\(error)".prefix(200).description)])
            return "unavailable"
        }
    }

    /// Words for a classifier label in a sentence.
    static let kindWords: [String: String] = [
        "block": "block", "item": "item", "entity": "entity", "block_entity": "block entity", "screen": "GUI screen or menu",
        "network": "network packet", "worldgen": "world generation", "recipe": "recipe", "event_handler": "event handler", "utility": "utility",
    ]

    /// The AI engine's suggestions for the first `limit` of `classes`.
    func advise(_ classes: [ClassSummary], mod: ModMetadata) async -> Advice {
        var advice = Advice()
        let candidates = Array(classes.prefix(limit))
        guard !candidates.isEmpty else { return advice }
        if classes.count > candidates.count {
            advice.warnings.append("the AI engine was asked about the first \(candidates.count) of \(classes.count) classes no rule covers")
        }
        let requestID = "advice-" + UUID().uuidString.lowercased()
        do {
            let token = try await credentials.token(for: "ai-engine", requestID: requestID)
            let body = try JSONEncoder().encode(SuggestRequest(classes: candidates.map { .init(name: $0.name, superclass: $0.superName, strings: $0.strings) }))
            let exchange = try await client.send(
                "POST", url + "/internal/v1/ai/suggest",
                headers: [("Authorization", "Bearer " + token), ("Content-Type", "application/json"), ("X-Request-ID", requestID)],
                body: Array(body), timeout: .seconds(60), maxBody: 4 << 20)
            guard exchange.status == 200 else {
                throw AIUnavailable(description: "the ai-engine answered \(exchange.status): \(String(decoding: exchange.body.prefix(200), as: UTF8.self))")
            }
            let answer = try JSONDecoder().decode(SuggestResponse.self, from: Data(exchange.body))
            for (candidate, suggestion) in zip(candidates, answer.suggestions) where suggestion.name == candidate.name {
                advice.features.append(Self.feature(candidate, suggestion, classifier: answer.classifier, embedder: answer.embedder))
            }
        } catch {
            logger.warning("AI suggestions unavailable", metadata: ["request_id": .string(requestID), "mod": .string(mod.modID),
                                                                    "error": .string("\(error)".prefix(200).description)])
            advice.warnings.append("AI suggestions are unavailable for this conversion (\(String(describing: error).prefix(160)))")
        }
        return advice
    }

    static func feature(_ candidate: ClassSummary, _ suggestion: SuggestResponse.Suggestion, classifier: String, embedder: String) -> ConversionReport.Feature {
        let kind = kindWords[suggestion.kind] ?? suggestion.kind
        let superclass = candidate.superName.split(separator: "/").last.map(String.init) ?? candidate.superName
        let confidence = String(format: "%.2f", suggestion.confidence)
        guard let entry = suggestion.entry else {
            return .init(kind: .behaviour, javaID: candidate.name.replacingOccurrences(of: "/", with: "."), bedrockID: nil, status: .skipped, assumption: .init(
                standIn: "nothing: no Bedrock equivalent was found",
                reason: "a \(kind) class (extends \(superclass)) that no conversion rule covers; \(classifier) classified it with confidence \(confidence)",
                impact: .medium))
        }
        let similarity = String(format: "%.2f", entry.similarity)
        return .init(
            kind: .behaviour, javaID: candidate.name.replacingOccurrences(of: "/", with: "."), bedrockID: nil, status: .skipped,
            assumption: .init(
                standIn: "\(entry.title) (suggested by the AI engine, similarity \(similarity))",
                reason: "a \(kind) class (extends \(superclass)) that no conversion rule covers: \(classifier) classified it with confidence "
                    + "\(confidence); the nearest Bedrock equivalent is \(entry.title) — \(entry.text.prefix(160))",
                impact: .medium,
                suggestion: .init(kind: suggestion.kind, confidence: suggestion.confidence, classifier: classifier, entry: entry.id,
                                  entryTitle: entry.title, similarity: entry.similarity, embedder: embedder)))
    }
}

struct AIUnavailable: Error, CustomStringConvertible {
    let description: String
}
