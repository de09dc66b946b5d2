import AIInference
import Foundation
import Testing
import TestSupport

/// The knowledge base (`Services/AIEngine/Knowledge/entries.jsonl`) against the labelled queries
/// (`Tests/fixtures-ai/search_queries.jsonl`: Java names for a concept, expected Bedrock entry),
/// ranked by MiniLM cosine in memory — the same vectors the service stores in pgvector — beside a
/// BM25 keyword baseline on the same texts.
@Suite("AI inference: semantic recall on the knowledge base")
struct KnowledgeRecallTests {
    struct Entry: Decodable { let id: String; let title: String; let text: String }
    struct Query: Decodable { let query: String; let expected: String }

    static func lines<T: Decodable>(_ path: String, as type: T.Type) throws -> [T] {
        try String(contentsOfFile: LocalStack.repositoryRoot + "/" + path, encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }

    @Test func recallAt5BeatsBM25AndReaches0_8() async throws {
        let entries = try Self.lines("Services/AIEngine/Knowledge/entries.jsonl", as: Entry.self)
        let queries = try Self.lines("Tests/fixtures-ai/search_queries.jsonl", as: Query.self)
        #expect(entries.count >= 150 && queries.count >= 50)
        #expect(Set(entries.map(\.id)).count == entries.count)
        // Queries are phrased as Java code and modders say it, not with the entry's title: no word of
        // four letters or more in common with it (beyond the domain's block, item, entity, player, world).
        let titles = Dictionary(uniqueKeysWithValues: entries.map { ($0.id, $0.title) })
        for query in queries {
            let title = try #require(titles[query.expected], "\(query.expected) is no entry")
            let shared = Self.titleWords(query.query).intersection(Self.titleWords(title.replacingOccurrences(of: "minecraft:", with: "")))
            #expect(shared.subtracting(["block", "item", "entity", "player", "world"]).isEmpty, "\(query.query) reuses \(shared) of \(title)")
        }
        let folder = try ModelFiles.required()
        let documents = entries.map { $0.title + ". " + $0.text }
        let (entryVectors, queryVectors) = try await onOwnThread {
            let model = try MiniLM(folder: folder)
            return (model.embed(documents), model.embed(queries.map(\.query)))
        }
        var semanticHits = 0
        var misses: [String] = []
        for (query, vector) in zip(queries, queryVectors) {
            let ranked = entryVectors.enumerated().map { ($0.offset, Self.dot(vector, $0.element)) }.sorted { $0.1 > $1.1 }
            if ranked.prefix(5).contains(where: { entries[$0.0].id == query.expected }) { semanticHits += 1 } else { misses.append(query.expected) }
        }
        let bm25 = BM25(documents: documents)
        var keywordHits = 0
        for query in queries where bm25.top(query.query, 5).contains(where: { entries[$0].id == query.expected }) { keywordHits += 1 }
        let semantic = Double(semanticHits) / Double(queries.count)
        let keyword = Double(keywordHits) / Double(queries.count)
        print("knowledge recall@5 over \(queries.count) queries: MiniLM \(semantic), BM25 \(keyword); MiniLM missed \(misses.joined(separator: ", "))")
        #expect(semantic >= 0.8)
        #expect(semantic > keyword)
    }

    /// Lower-case words of four letters or more, camel case split (`setMaxStackSize` → set, stack, size).
    static func titleWords(_ text: String) -> Set<String> {
        var spaced = ""
        var previous: Character?
        for character in text {
            if let previous, character.isUppercase, previous.isLowercase { spaced.append(" ") }
            spaced.append(character)
            previous = character
        }
        return Set(spaced.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 4 })
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Float {
        var sum: Float = 0
        for index in 0..<a.count { sum += a[index] * b[index] }
        return sum
    }
}

/// Okapi BM25 (k1 1.2, b 0.75) over lower-cased alphanumeric words: the keyword baseline.
struct BM25 {
    let documents: [[String: Int]]
    let lengths: [Double]
    let average: Double
    let frequency: [String: Int]

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    init(documents texts: [String]) {
        documents = texts.map { Self.words($0).reduce(into: [:]) { $0[$1, default: 0] += 1 } }
        lengths = documents.map { Double($0.values.reduce(0, +)) }
        average = lengths.reduce(0, +) / Double(max(lengths.count, 1))
        frequency = documents.reduce(into: [:]) { counts, document in for word in document.keys { counts[word, default: 0] += 1 } }
    }

    func top(_ query: String, _ k: Int) -> [Int] {
        let terms = Self.words(query)
        let n = Double(documents.count)
        let scores = documents.enumerated().map { index, document -> (Int, Double) in
            var score = 0.0
            for term in terms {
                guard let count = document[term] else { continue }
                let df = Double(frequency[term] ?? 0)
                let idf = log(1 + (n - df + 0.5) / (df + 0.5))
                let tf = Double(count)
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * lengths[index] / average))
            }
            return (index, score)
        }
        return scores.sorted { $0.1 > $1.1 }.prefix(k).map(\.0)
    }
}
