import COpenBLAS
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The all-MiniLM-L6-v2 sentence encoder (a 6-layer BERT, hidden size 384, 12 heads, intermediate
/// 1536) with mean pooling and L2 normalisation, in float32. Matrix products go through OpenBLAS
/// `cblas_sgemm`. A batch is packed: the tokens of every text are rows of one matrix (no padding),
/// so the linear layers are one product per layer for the whole batch and attention runs per text
/// on strided views of it.
public final class MiniLM: @unchecked Sendable {
    public static let hidden = 384
    public static let heads = 12
    public static let headSize = 32
    public static let intermediate = 1536
    public static let layerCount = 6
    public static let vocabularySize = 30522
    public static let maxPositions = 512
    static let epsilon: Float = 1e-12

    struct Layer {
        let qkvWeight: [Float]  // [3·H, H]: query, key and value stacked
        let qkvBias: [Float]
        let outputWeight: [Float], outputBias: [Float]
        let attentionNormWeight: [Float], attentionNormBias: [Float]
        let intermediateWeight: [Float], intermediateBias: [Float]
        let downWeight: [Float], downBias: [Float]
        let outputNormWeight: [Float], outputNormBias: [Float]
    }

    let wordEmbeddings: [Float]
    let positionEmbeddings: [Float]
    let tokenTypeEmbedding: [Float]
    let embeddingNormWeight: [Float], embeddingNormBias: [Float]
    let layers: [Layer]
    public let tokenizer: WordPieceTokenizer

    /// Loads the weights from `model.safetensors` and the vocabulary from `vocab.txt` in `folder`.
    /// - Throws: ``SafeTensorsError`` for a missing, malformed or mis-shaped tensor.
    public convenience init(folder: String) throws {
        let tensors = try SafeTensors(path: folder + "/model.safetensors")
        try self.init(tensors: tensors, tokenizer: WordPieceTokenizer(vocabularyPath: folder + "/vocab.txt"))
    }

    public init(tensors: SafeTensors, tokenizer: WordPieceTokenizer) throws {
        let h = Self.hidden
        func prefixed(_ name: String) -> String {
            tensors.entries[name] != nil ? name : "bert." + name  // some exports keep the `bert.` prefix
        }
        func load(_ name: String, _ shape: [Int]) throws -> [Float] { try tensors.floats(prefixed(name), shape: shape) }
        wordEmbeddings = try load("embeddings.word_embeddings.weight", [Self.vocabularySize, h])
        positionEmbeddings = try load("embeddings.position_embeddings.weight", [Self.maxPositions, h])
        tokenTypeEmbedding = Array(try load("embeddings.token_type_embeddings.weight", [2, h])[0..<h])
        embeddingNormWeight = try load("embeddings.LayerNorm.weight", [h])
        embeddingNormBias = try load("embeddings.LayerNorm.bias", [h])
        var layers: [Layer] = []
        for index in 0..<Self.layerCount {
            let p = "encoder.layer.\(index)."
            layers.append(Layer(
                qkvWeight: try load(p + "attention.self.query.weight", [h, h]) + load(p + "attention.self.key.weight", [h, h])
                    + load(p + "attention.self.value.weight", [h, h]),
                qkvBias: try load(p + "attention.self.query.bias", [h]) + load(p + "attention.self.key.bias", [h]) + load(p + "attention.self.value.bias", [h]),
                outputWeight: try load(p + "attention.output.dense.weight", [h, h]), outputBias: try load(p + "attention.output.dense.bias", [h]),
                attentionNormWeight: try load(p + "attention.output.LayerNorm.weight", [h]), attentionNormBias: try load(p + "attention.output.LayerNorm.bias", [h]),
                intermediateWeight: try load(p + "intermediate.dense.weight", [Self.intermediate, h]),
                intermediateBias: try load(p + "intermediate.dense.bias", [Self.intermediate]),
                downWeight: try load(p + "output.dense.weight", [h, Self.intermediate]), downBias: try load(p + "output.dense.bias", [h]),
                outputNormWeight: try load(p + "output.LayerNorm.weight", [h]), outputNormBias: try load(p + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
        self.tokenizer = tokenizer
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

        // Embeddings: word + position + token type 0, then LayerNorm.
        var x = [Float](repeating: 0, count: total * h)
        x.withUnsafeMutableBufferPointer { out in
            for (sequence, ids) in sequences.enumerated() {
                for position in 0..<lengths[sequence] {
                    let id = Int(ids[position])
                    let word = (id >= 0 && id < Self.vocabularySize ? id : Int(tokenizer.unk)) * h
                    let row = (offsets[sequence] + position) * h
                    for column in 0..<h {
                        out[row + column] = wordEmbeddings[word + column] + positionEmbeddings[position * h + column] + tokenTypeEmbedding[column]
                    }
                }
            }
        }
        Self.layerNorm(&x, rows: total, weight: embeddingNormWeight, bias: embeddingNormBias)

        var qkv = [Float](repeating: 0, count: total * 3 * h)
        var context = [Float](repeating: 0, count: total * h)
        var attended = [Float](repeating: 0, count: total * h)
        var inner = [Float](repeating: 0, count: total * Self.intermediate)
        let longest = lengths.max() ?? 0
        var scores = [Float](repeating: 0, count: longest * longest)
        let scale = 1 / Float(Self.headSize).squareRoot()

        for layer in layers {
            Self.linear(x, rows: total, inputs: h, weight: layer.qkvWeight, bias: layer.qkvBias, outputs: 3 * h, into: &qkv)
            qkv.withUnsafeBufferPointer { qkvBuffer in
                context.withUnsafeMutableBufferPointer { contextBuffer in
                    scores.withUnsafeMutableBufferPointer { scoreBuffer in
                        for (sequence, n) in lengths.enumerated() where n > 0 {
                            let row = offsets[sequence]
                            for head in 0..<Self.heads {
                                let q = qkvBuffer.baseAddress! + row * 3 * h + head * Self.headSize
                                let k = q + h
                                let v = q + 2 * h
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(n), Int32(Self.headSize), scale,
                                            q, Int32(3 * h), k, Int32(3 * h), 0, scoreBuffer.baseAddress!, Int32(n))
                                Self.softmaxRows(scoreBuffer.baseAddress!, rows: n, columns: n)
                                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(n), Int32(Self.headSize), Int32(n), 1,
                                            scoreBuffer.baseAddress!, Int32(n), v, Int32(3 * h), 0,
                                            contextBuffer.baseAddress! + row * h + head * Self.headSize, Int32(h))
                            }
                        }
                    }
                }
            }
            Self.linear(context, rows: total, inputs: h, weight: layer.outputWeight, bias: layer.outputBias, outputs: h, into: &attended)
            Self.addInPlace(&attended, x)
            Self.layerNorm(&attended, rows: total, weight: layer.attentionNormWeight, bias: layer.attentionNormBias)
            Self.linear(attended, rows: total, inputs: h, weight: layer.intermediateWeight, bias: layer.intermediateBias, outputs: Self.intermediate, into: &inner)
            Self.gelu(&inner)
            Self.linear(inner, rows: total, inputs: Self.intermediate, weight: layer.downWeight, bias: layer.downBias, outputs: h, into: &x)
            Self.addInPlace(&x, attended)
            Self.layerNorm(&x, rows: total, weight: layer.outputNormWeight, bias: layer.outputNormBias)
        }

        // Mean over each text's tokens, then unit length.
        return lengths.enumerated().map { sequence, n in
            var pooled = [Float](repeating: 0, count: h)
            guard n > 0 else { return pooled }
            for position in 0..<n {
                let row = (offsets[sequence] + position) * h
                for column in 0..<h { pooled[column] += x[row + column] }
            }
            var norm: Float = 0
            for column in 0..<h { pooled[column] /= Float(n); norm += pooled[column] * pooled[column] }
            let inverse = 1 / max(norm.squareRoot(), 1e-12)
            for column in 0..<h { pooled[column] *= inverse }
            return pooled
        }
    }

    /// out[rows × outputs] = input[rows × inputs] · weightᵀ + bias (weight is [outputs × inputs]).
    static func linear(_ input: [Float], rows: Int, inputs: Int, weight: [Float], bias: [Float], outputs: Int, into out: inout [Float]) {
        out.withUnsafeMutableBufferPointer { result in
            for row in 0..<rows {
                for column in 0..<outputs { result[row * outputs + column] = bias[column] }
            }
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outputs), Int32(inputs), 1,
                        input, Int32(inputs), weight, Int32(inputs), 1, result.baseAddress!, Int32(outputs))
        }
    }

    static func addInPlace(_ target: inout [Float], _ other: [Float]) {
        target.withUnsafeMutableBufferPointer { a in
            other.withUnsafeBufferPointer { b in
                for index in 0..<a.count { a[index] += b[index] }
            }
        }
    }

    static func layerNorm(_ values: inout [Float], rows: Int, weight: [Float], bias: [Float]) {
        let width = weight.count
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rows {
                let start = row * width
                var mean: Float = 0
                for column in 0..<width { mean += buffer[start + column] }
                mean /= Float(width)
                var variance: Float = 0
                for column in 0..<width {
                    let centred = buffer[start + column] - mean
                    variance += centred * centred
                }
                let inverse = 1 / (variance / Float(width) + epsilon).squareRoot()
                for column in 0..<width {
                    buffer[start + column] = (buffer[start + column] - mean) * inverse * weight[column] + bias[column]
                }
            }
        }
    }

    static func softmaxRows(_ values: UnsafeMutablePointer<Float>, rows: Int, columns: Int) {
        for row in 0..<rows {
            let start = values + row * columns
            var largest = -Float.infinity
            for column in 0..<columns { largest = max(largest, start[column]) }
            var sum: Float = 0
            for column in 0..<columns {
                let value = expf(start[column] - largest)
                start[column] = value
                sum += value
            }
            let inverse = 1 / sum
            for column in 0..<columns { start[column] *= inverse }
        }
    }

    /// The exact GELU of BERT: x·Φ(x) = x/2·(1 + erf(x/√2)).
    static func gelu(_ values: inout [Float]) {
        let inverseRootTwo: Float = 0.70710678118654752
        values.withUnsafeMutableBufferPointer { buffer in
            for index in 0..<buffer.count {
                let x = buffer[index]
                buffer[index] = 0.5 * x * (1 + erff(x * inverseRootTwo))
            }
        }
    }
}
