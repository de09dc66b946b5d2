import Foundation

/// Cosine and sine that are exact (correctly rounded) for the angles models use.
enum Trig {
    /// `(cos, sin)` of `degrees`. Multiples of 22.5° and of 30° come from square roots, which
    /// IEEE 754 rounds exactly, so every platform gets the same bits; other angles use the C
    /// library's `cos`/`sin`.
    static func cosineSine(degrees: Double) -> (Double, Double) {
        var angle = degrees.truncatingRemainder(dividingBy: 360)
        if angle < 0 { angle += 360 }
        let quarter = (angle / 90).rounded(.down)
        let rest = angle - quarter * 90
        let base: (Double, Double)
        switch rest {
        case 0: base = (1, 0)
        case 22.5: base = ((2 + 2.0.squareRoot()).squareRoot() / 2, (2 - 2.0.squareRoot()).squareRoot() / 2)
        case 30: base = (3.0.squareRoot() / 2, 0.5)
        case 45: base = (2.0.squareRoot() / 2, 2.0.squareRoot() / 2)
        case 60: base = (0.5, 3.0.squareRoot() / 2)
        case 67.5: base = ((2 - 2.0.squareRoot()).squareRoot() / 2, (2 + 2.0.squareRoot()).squareRoot() / 2)
        default:
            let radians = degrees * .pi / 180
            return (cos(radians), sin(radians))
        }
        // Each quarter turn maps (c, s) to (−s, c).
        var (cosine, sine) = base
        for _ in 0..<Int(quarter) { (cosine, sine) = (-sine, cosine) }
        return (cosine, sine)
    }
}
