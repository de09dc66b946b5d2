/// How closely two renders of the same block agree (the Java model against its Bedrock form).
///
/// - ``mask``: intersection over union of the two silhouettes (pixels with alpha > 0); 1 when
///   both are empty.
/// - ``colour``: over pixels covered in both, `1 − mean(|ΔR| + |ΔG| + |ΔB|) / (3 × 255)`; 1 when
///   both are empty, 0 when only one is or when the silhouettes do not overlap.
/// - ``overall``: `mask × colour`. A product, not a weighted sum, so that one bad part cannot
///   hide behind the other: a perfect silhouette whose top texture is turned half round (a
///   third of the visible pixels wrong) must still fall below the ``threshold``, and with a sum
///   such as 0.6·mask + 0.4·colour it would not.
///
/// Below ``threshold`` (0.85) the two renders "look different".
public struct Agreement: Sendable, Equatable {
    /// Silhouette agreement, 0…1.
    public let mask: Double
    /// Colour agreement where both are drawn, 0…1.
    public let colour: Double
    /// `mask × colour`, 0…1.
    public let overall: Double
    /// Why the renders look different, or `nil` when they do not.
    public let reason: Reason?

    /// The overall score under which two renders look different.
    public static let threshold = 0.85

    /// Whether ``overall`` is under ``threshold``.
    public var looksDifferent: Bool { overall < Self.threshold }

    /// A short explanation for a low score.
    public enum Reason: String, Sendable, Equatable {
        /// One render is empty and the other is not.
        case oneSideEmpty = "one side is empty"
        /// The images are not the same size, so they were not compared.
        case sizesDiffer = "image sizes differ"
        /// The silhouettes disagree more than the colours.
        case silhouetteDiffers = "silhouette differs"
        /// The colours disagree more than the silhouettes.
        case coloursDiffer = "colours differ"
    }

    /// Scores two images of the same size (renders are always 128×128). Cost: one pass over
    /// the pixels.
    public static func score(_ first: RGBAImage, _ second: RGBAImage) -> Agreement {
        guard first.width == second.width, first.height == second.height else {
            return Agreement(mask: 0, colour: 0, overall: 0, reason: .sizesDiffer)
        }
        var union = 0, both = 0, firstCount = 0, secondCount = 0
        var difference = 0
        let a = first.pixels, b = second.pixels
        for index in stride(from: 0, to: a.count, by: 4) {
            let inFirst = a[index + 3] > 0, inSecond = b[index + 3] > 0
            if inFirst { firstCount += 1 }
            if inSecond { secondCount += 1 }
            guard inFirst || inSecond else { continue }
            union += 1
            guard inFirst, inSecond else { continue }
            both += 1
            for channel in 0..<3 { difference += abs(Int(a[index + channel]) - Int(b[index + channel])) }
        }
        if union == 0 { return Agreement(mask: 1, colour: 1, overall: 1, reason: nil) }
        let mask = Double(both) / Double(union)
        let colour = both == 0 ? 0 : 1 - Double(difference) / Double(both * 3 * 255)
        let overall = mask * colour
        var reason: Reason?
        if overall < threshold {
            reason = firstCount == 0 || secondCount == 0 ? .oneSideEmpty : mask <= colour ? .silhouetteDiffers : .coloursDiffer
        }
        return Agreement(mask: mask, colour: colour, overall: overall, reason: reason)
    }
}
