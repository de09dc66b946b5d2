import Foundation

/// The element-wise parts of the encoder as SIMD loops over raw buffers: LayerNorm (fused with the
/// residual addition), GELU through a rational approximation of erf, softmax and mean pooling.
/// Widths are multiples of 8 (384, 1,536); a tail loop covers any other width.
enum Kernels {
    typealias Vector = SIMD8<Float>
    static let lanes = Vector.scalarCount

    @inline(__always) static func load(_ pointer: UnsafePointer<Float>) -> Vector {
        UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
    }

    @inline(__always) static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
    }

    /// Copies `bias` into each of `rows` rows of `out` (the accumulator a GEMM with β = 1 adds to).
    static func fillRows(_ out: UnsafeMutablePointer<Float>, rows: Int, with bias: UnsafePointer<Float>, width: Int) {
        for row in 0..<rows { (out + row * width).update(from: bias, count: width) }
    }

    /// `values[r] = LayerNorm(values[r] + residual[r])` for each row, with `weight`/`bias` of `width`.
    static func residualLayerNorm(
        _ values: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, rows: Range<Int>, width: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        let vectorEnd = width - width % lanes
        for row in rows {
            let start = values + row * width
            var sum = Vector(), tail: Float = 0
            var column = 0
            if let residual {
                let other = residual + row * width
                while column < vectorEnd {
                    let value = load(start + column) + load(other + column)
                    store(value, start + column)
                    sum += value
                    column += lanes
                }
                while column < width { start[column] += other[column]; tail += start[column]; column += 1 }
            } else {
                while column < vectorEnd { sum += load(start + column); column += lanes }
                while column < width { tail += start[column]; column += 1 }
            }
            let mean = (sum.sum() + tail) / Float(width)
            let meanVector = Vector(repeating: mean)
            var squares = Vector(), tailSquares: Float = 0
            column = 0
            while column < vectorEnd {
                let centred = load(start + column) - meanVector
                squares += centred * centred
                column += lanes
            }
            while column < width { let centred = start[column] - mean; tailSquares += centred * centred; column += 1 }
            let inverse = 1 / ((squares.sum() + tailSquares) / Float(width) + epsilon).squareRoot()
            let inverseVector = Vector(repeating: inverse)
            column = 0
            while column < vectorEnd {
                store((load(start + column) - meanVector) * inverseVector * load(weight + column) + load(bias + column), start + column)
                column += lanes
            }
            while column < width { start[column] = (start[column] - mean) * inverse * weight[column] + bias[column]; column += 1 }
        }
    }

    /// erf(x) as x·P(x²)/Q(x²) on [-4, 4] (clamped beyond, where erf is ±1 in float32); the
    /// largest error against `erff` is below 5·10⁻⁷.
    @inline(__always) static func erf(_ value: Vector) -> Vector {
        let x = value.clamped(lowerBound: Vector(repeating: -4), upperBound: Vector(repeating: 4))
        let x2 = x * x
        var p = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
        p = x2 * p + -2.10102402082508e-06
        p = x2 * p + -5.69250639462346e-05
        p = x2 * p + -7.34990630326855e-04
        p = x2 * p + -2.95459980854025e-03
        p = x2 * p + -1.60960333262415e-02
        p = x * p
        var q = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
        q = x2 * q + -1.68282697438203e-03
        q = x2 * q + -7.37332916720468e-03
        q = x2 * q + -1.42647390514189e-02
        return p / q
    }

    /// BERT's exact GELU, x/2·(1 + erf(x/√2)), in place over `count` values.
    static func gelu(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let inverseRootTwo: Float = 0.70710678118654752
        let vectorEnd = count - count % lanes
        var index = 0
        while index < vectorEnd {
            let x = load(values + index)
            store(0.5 * x * (1 + erf(x * inverseRootTwo)), values + index)
            index += lanes
        }
        while index < count {
            let x = values[index]
            values[index] = 0.5 * x * (1 + erff(x * inverseRootTwo))
            index += 1
        }
    }

    /// Row-wise softmax of a `rows × columns` matrix, in place.
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

    /// The unit-length mean of `rows` consecutive rows of `width` starting at `first`.
    static func meanPool(_ values: UnsafePointer<Float>, first: Int, rows: Int, width: Int) -> [Float] {
        var pooled = [Float](repeating: 0, count: width)
        guard rows > 0 else { return pooled }
        pooled.withUnsafeMutableBufferPointer { out in
            guard let target = out.baseAddress else { return }
            let vectorEnd = width - width % lanes
            for row in first..<(first + rows) {
                let source = values + row * width
                var column = 0
                while column < vectorEnd { store(load(target + column) + load(source + column), target + column); column += lanes }
                while column < width { target[column] += source[column]; column += 1 }
            }
            var norm: Float = 0
            for column in 0..<width { target[column] /= Float(rows); norm += target[column] * target[column] }
            let inverse = 1 / max(norm.squareRoot(), 1e-12)
            for column in 0..<width { target[column] *= inverse }
        }
        return pooled
    }
}
