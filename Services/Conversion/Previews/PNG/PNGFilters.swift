/// Choosing and applying scanline filters when encoding 8-bit RGBA.
enum PNGFilters {
    /// The Paeth predictor: whichever of left, up and up-left is closest to `left + up - upLeft`
    /// (ties prefer left, then up), as the PNG specification defines it.
    static func paeth(_ left: UInt8, _ up: UInt8, _ upLeft: UInt8) -> UInt8 {
        let estimate = Int(left) + Int(up) - Int(upLeft)
        let toLeft = abs(estimate - Int(left))
        let toUp = abs(estimate - Int(up))
        let toUpLeft = abs(estimate - Int(upLeft))
        if toLeft <= toUp, toLeft <= toUpLeft { return left }
        return toUp <= toUpLeft ? up : upLeft
    }

    /// Every scanline of `image` with its filter byte in front. Each row tries the five filters
    /// and keeps the one whose output bytes, read as signed, have the smallest absolute sum
    /// (the first on a tie): a fixed rule, so the output depends only on the pixels.
    static func filter(_ image: RGBAImage) -> [UInt8] {
        let rowBytes = image.width * 4
        let pixels = image.pixels
        var out = [UInt8]()
        out.reserveCapacity((rowBytes + 1) * image.height)
        var candidate = [UInt8](repeating: 0, count: rowBytes)
        var best = candidate
        for row in 0..<image.height {
            let start = row * rowBytes
            var bestType: UInt8 = 0
            var bestCost = Int.max
            for type in UInt8(0)...4 {
                var cost = 0
                for index in 0..<rowBytes {
                    let value = pixels[start + index]
                    let left = index >= 4 ? pixels[start + index - 4] : 0
                    let up = row > 0 ? pixels[start - rowBytes + index] : 0
                    let upLeft = row > 0 && index >= 4 ? pixels[start - rowBytes + index - 4] : 0
                    let predicted: UInt8 = switch type {
                    case 1: left
                    case 2: up
                    case 3: UInt8((Int(left) + Int(up)) / 2)
                    case 4: paeth(left, up, upLeft)
                    default: 0
                    }
                    let filtered = value &- predicted
                    candidate[index] = filtered
                    cost += abs(Int(Int8(bitPattern: filtered)))
                }
                if cost < bestCost {
                    bestCost = cost
                    bestType = type
                    best = candidate
                }
            }
            out.append(bestType)
            out += best
        }
        return out
    }
}
