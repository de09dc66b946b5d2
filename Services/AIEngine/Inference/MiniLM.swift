import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The all-MiniLM-L6-v2 sentence encoder (a 6-layer BERT, hidden size 384, 12 heads, intermediate
/// 1536) with mean pooling and L2 normalisation, in float32. Matrix products go through the
/// ``MatrixBackend`` (oneDNN by default). A batch is packed: the tokens of every text are rows of
/// one matrix (no padding, so no work is spent on padded positions and batching gains nothing from
/// sorting texts by length), the linear layers are one product per layer for the whole batch and
/// attention runs per text on strided views of it. Everything is split across `parallelism`
/// threads: the products by rows (oneDNN) or by OpenBLAS's own threads, attention by text, the
/// element-wise work (``Kernels``) by rows.
public final class MiniLM: @unchecked Sendable {
    public static let hidden = 384
    public static let heads = 12
    public static let headSize = 32
    public static let intermediate = 1536
    public static let layerCount = 6
    public static let vocabularySize = 30522
    public static let maxPositions = 512
    static let epsilon: Float = 1e-12

    /// A weight tensor copied out of the file into memory of its own (freed with the model).
    final class Tensor {
        let pointer: UnsafeMutablePointer<Float>
        let count: Int
        init(_ values: [Float]) {
            count = values.count
            pointer = .allocate(capacity: count)
            pointer.initialize(from: values, count: count)
        }
        deinit { pointer.deallocate() }
    }

    struct Layer {
        let qkvWeight: Tensor  // [3·H, H]: query, key and value stacked
        let qkvBias: Tensor
        let outputWeight: Tensor, outputBias: Tensor
        let attentionNormWeight: Tensor, attentionNormBias: Tensor
        let intermediateWeight: Tensor, intermediateBias: Tensor
        let downWeight: Tensor, downBias: Tensor
        let outputNormWeight: Tensor, outputNormBias: Tensor
    }

    let wordEmbeddings: Tensor
    let positionEmbeddings: Tensor
    let tokenTypeEmbedding: Tensor
    let embeddingNormWeight: Tensor, embeddingNormBias: Tensor
    let layers: [Layer]
    public let tokenizer: WordPieceTokenizer
    /// Threads the element-wise work and attention are split across (the caller's thread and helpers).
    public let parallelism: Int
    /// The library computing the matrix products.
    public let backend: MatrixBackend

    /// Bytes of weights held in memory.
    public var weightBytes: Int {
        let shared = [wordEmbeddings, positionEmbeddings, tokenTypeEmbedding, embeddingNormWeight, embeddingNormBias].reduce(0) { $0 + $1.count }
        let perLayer = layers.reduce(0) { total, l in
            total + [l.qkvWeight, l.qkvBias, l.outputWeight, l.outputBias, l.attentionNormWeight, l.attentionNormBias, l.intermediateWeight,
                     l.intermediateBias, l.downWeight, l.downBias, l.outputNormWeight, l.outputNormBias].reduce(0) { $0 + $1.count }
        }
        return (shared + perLayer) * MemoryLayout<Float>.stride
    }

    /// Loads the weights from `model.safetensors` and the vocabulary from `vocab.txt` in `folder`.
    /// - Throws: ``SafeTensorsError`` for a missing, malformed or mis-shaped tensor.
    public convenience init(folder: String, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
                            backend: MatrixBackend = .standard) throws {
        let tensors = try SafeTensors(path: folder + "/model.safetensors")
        try self.init(tensors: tensors, tokenizer: WordPieceTokenizer(vocabularyPath: folder + "/vocab.txt"), parallelism: parallelism,
                      backend: backend)
    }

    public init(tensors: SafeTensors, tokenizer: WordPieceTokenizer, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount,
                backend: MatrixBackend = .standard) throws {
        let h = Self.hidden
        func prefixed(_ name: String) -> String {
            tensors.entries[name] != nil ? name : "bert." + name  // some exports keep the `bert.` prefix
        }
        func load(_ name: String, _ shape: [Int]) throws -> [Float] { try tensors.floats(prefixed(name), shape: shape) }
        func tensor(_ name: String, _ shape: [Int]) throws -> Tensor { Tensor(try load(name, shape)) }
        wordEmbeddings = try tensor("embeddings.word_embeddings.weight", [Self.vocabularySize, h])
        positionEmbeddings = try tensor("embeddings.position_embeddings.weight", [Self.maxPositions, h])
        tokenTypeEmbedding = Tensor(Array(try load("embeddings.token_type_embeddings.weight", [2, h])[0..<h]))
        embeddingNormWeight = try tensor("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try tensor("embeddings.LayerNorm.bias", [h])
        var layers: [Layer] = []
        for index in 0..<Self.layerCount {
            let p = "encoder.layer.\(index)."
            layers.append(Layer(
                qkvWeight: Tensor(try load(p + "attention.self.query.weight", [h, h]) + load(p + "attention.self.key.weight", [h, h])
                    + load(p + "attention.self.value.weight", [h, h])),
                qkvBias: Tensor(try load(p + "attention.self.query.bias", [h]) + load(p + "attention.self.key.bias", [h])
                    + load(p + "attention.self.value.bias", [h])),
                outputWeight: try tensor(p + "attention.output.dense.weight", [h, h]), outputBias: try tensor(p + "attention.output.dense.bias", [h]),
                attentionNormWeight: try tensor(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBias: try tensor(p + "attention.output.LayerNorm.bias", [h]),
                intermediateWeight: try tensor(p + "intermediate.dense.weight", [Self.intermediate, h]),
                intermediateBias: try tensor(p + "intermediate.dense.bias", [Self.intermediate]),
                downWeight: try tensor(p + "output.dense.weight", [h, Self.intermediate]), downBias: try tensor(p + "output.dense.bias", [h]),
                outputNormWeight: try tensor(p + "output.LayerNorm.weight", [h]), outputNormBias: try tensor(p + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
        self.tokenizer = tokenizer
        self.parallelism = max(1, parallelism)
        self.backend = backend
    }

    /// Unit-length 384-float embeddings of `texts`, in order.
    public func embed(_ texts: [String]) -> [[Float]] {
        embed(tokenized: texts.map(tokenizer.encode))
    }

    /// Embeddings of already tokenized texts (each `[CLS] … [SEP]`, at most 512 ids).
    public func embed(tokenized sequences: [[Int32]]) -> [[Float]] {
        let h = Self.hidden
        let lengths = sequences.map { min($0.count, Self.maxPositions) }
        let total = lengths.reduce(0, +)
        guard total > 0 else { return sequences.map { _ in [Float](repeating: 0, count: h) } }
        var offsets: [Int] = []
        var running = 0
        for length in lengths { offsets.append(running); running += length }

        let x = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let qkv = UnsafeMutablePointer<Float>.allocate(capacity: total * 3 * h)
        let context = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let attended = UnsafeMutablePointer<Float>.allocate(capacity: total * h)
        let inner = UnsafeMutablePointer<Float>.allocate(capacity: total * Self.intermediate)
        let longest = lengths.max() ?? 0
        // Texts are shared out for attention; rows (at least 16 per worker) for everything else.
        let workers = max(1, min(parallelism, max(sequences.count, total / 16)))
        let scores = UnsafeMutablePointer<Float>.allocate(capacity: max(1, workers * longest * longest))
        defer { [x, qkv, context, attended, inner, scores].forEach { $0.deallocate() } }

        // Texts for each worker, balanced by attention work (n²), and row ranges for the rest.
        let textShares = Self.partition(costs: lengths.map { $0 * $0 }, parts: workers)
        let rowShares = (0..<workers).map { part in (total * part / workers)..<(total * (part + 1) / workers) }
        func split(_ work: (Int) -> Void) {
            if workers == 1 { return work(0) }
            withoutActuallyEscaping(work) { work in
                // The parts write disjoint rows of buffers that outlive the call.
                let parts = UncheckedSendable(work)
                let backend = self.backend
                DispatchQueue.concurrentPerform(iterations: workers) { part in
                    backend.enterWorker()
                    parts.value(part)
                }
            }
        }
        // out[rows × outputs] = input[rows × inputs] · weightᵀ + bias (weight is [outputs × inputs]).
        func linear(_ input: UnsafePointer<Float>, inputs: Int, weight: Tensor, bias: Tensor, outputs: Int, into out: UnsafeMutablePointer<Float>) {
            if backend.threadsItself {
                return Self.linear(input, rows: 0..<total, inputs: inputs, weight: weight, bias: bias, outputs: outputs, into: out, backend: backend)
            }
            split { part in
                Self.linear(input, rows: rowShares[part], inputs: inputs, weight: weight, bias: bias, outputs: outputs, into: out, backend: backend)
            }
        }

        // Embeddings: word + position + token type 0, then LayerNorm.
        for (sequence, ids) in sequences.enumerated() {
            for position in 0..<lengths[sequence] {
                let id = Int(ids[position])
                let word = wordEmbeddings.pointer + (id >= 0 && id < Self.vocabularySize ? id : Int(tokenizer.unk)) * h
                let place = positionEmbeddings.pointer + position * h
                let row = x + (offsets[sequence] + position) * h
                for column in 0..<h { row[column] = word[column] + place[column] + tokenTypeEmbedding.pointer[column] }
            }
        }
        backend.enterWorker()
        split { part in
            Kernels.residualLayerNorm(x, residual: nil, rows: rowShares[part], width: h, weight: embeddingNormWeight.pointer,
                                      bias: embeddingNormBias.pointer, epsilon: Self.epsilon)
        }
        let scale = 1 / Float(Self.headSize).squareRoot()

        for layer in layers {
            linear(x, inputs: h, weight: layer.qkvWeight, bias: layer.qkvBias, outputs: 3 * h, into: qkv)
            split { part in
                let scratch = scores + part * longest * longest
                guard part < textShares.count else { return }
                for sequence in textShares[part] where lengths[sequence] > 0 {
                    let n = lengths[sequence], row = offsets[sequence]
                    for head in 0..<Self.heads {
                        let q = qkv + row * 3 * h + head * Self.headSize
                        backend.gemm(transposeB: true, m: n, n: n, k: Self.headSize, alpha: scale, a: q, lda: 3 * h, b: q + h, ldb: 3 * h,
                                     beta: 0, c: scratch, ldc: n)
                        Kernels.softmaxRows(scratch, rows: n, columns: n)
                        backend.gemm(transposeB: false, m: n, n: Self.headSize, k: n, alpha: 1, a: scratch, lda: n, b: q + 2 * h, ldb: 3 * h,
                                     beta: 0, c: context + row * h + head * Self.headSize, ldc: h)
                    }
                }
            }
            linear(context, inputs: h, weight: layer.outputWeight, bias: layer.outputBias, outputs: h, into: attended)
            split { part in
                Kernels.residualLayerNorm(attended, residual: x, rows: rowShares[part], width: h, weight: layer.attentionNormWeight.pointer,
                                          bias: layer.attentionNormBias.pointer, epsilon: Self.epsilon)
            }
            linear(attended, inputs: h, weight: layer.intermediateWeight, bias: layer.intermediateBias, outputs: Self.intermediate, into: inner)
            split { part in
                let rows = rowShares[part]
                Kernels.gelu(inner + rows.lowerBound * Self.intermediate, count: rows.count * Self.intermediate)
            }
            linear(inner, inputs: Self.intermediate, weight: layer.downWeight, bias: layer.downBias, outputs: h, into: x)
            split { part in
                Kernels.residualLayerNorm(x, residual: attended, rows: rowShares[part], width: h, weight: layer.outputNormWeight.pointer,
                                          bias: layer.outputNormBias.pointer, epsilon: Self.epsilon)
            }
        }

        // Mean over each text's tokens, then unit length.
        return lengths.enumerated().map { sequence, n in Kernels.meanPool(x, first: offsets[sequence], rows: n, width: h) }
    }

    /// Splits indices into `parts` runs of consecutive items with about equal total cost.
    static func partition(costs: [Int], parts: Int) -> [[Int]] {
        guard parts > 1 else { return [Array(costs.indices)] }
        let total = max(1, costs.reduce(0, +))
        var shares = [[Int]](repeating: [], count: parts)
        var running = 0
        for (index, cost) in costs.enumerated() {
            let part = min(parts - 1, (running + cost / 2) * parts / total)
            shares[part].append(index)
            running += cost
        }
        return shares
    }

    /// Rows `rows` of out[· × outputs] = input[· × inputs] · weightᵀ + bias (weight is [outputs × inputs]).
    static func linear(_ input: UnsafePointer<Float>, rows: Range<Int>, inputs: Int, weight: Tensor, bias: Tensor, outputs: Int,
                       into out: UnsafeMutablePointer<Float>, backend: MatrixBackend) {
        guard !rows.isEmpty else { return }
        let target = out + rows.lowerBound * outputs
        Kernels.fillRows(target, rows: rows.count, with: bias.pointer, width: outputs)
        backend.gemm(transposeB: true, m: rows.count, n: outputs, k: inputs, alpha: 1, a: input + rows.lowerBound * inputs, lda: inputs,
                     b: weight.pointer, ldb: inputs, beta: 1, c: target, ldc: outputs)
    }
}

/// Hands a value the compiler cannot prove safe to threads that the caller keeps apart.
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
