/// How much a jar may hold before the engine refuses it as hostile (zip bombs and friends).
public struct JarLimits: Sendable, Equatable {
    /// The most entries in the central directory.
    public var maxEntries: Int
    /// The most bytes all entries may declare, uncompressed, together.
    public var maxTotalUncompressed: UInt64
    /// The most bytes one entry may hold, uncompressed.
    public var maxEntrySize: UInt64
    /// The highest uncompressed/compressed ratio an entry may have, checked for entries of at
    /// least ``ratioFloor`` bytes (small, repetitive files compress well honestly).
    public var maxCompressionRatio: UInt64
    /// Entries smaller than this are exempt from the ratio rule.
    public var ratioFloor: UInt64

    public init(
        maxEntries: Int = 100_000, maxTotalUncompressed: UInt64 = 1 << 30, maxEntrySize: UInt64 = 256 << 20,
        maxCompressionRatio: UInt64 = 100, ratioFloor: UInt64 = 1 << 20
    ) {
        self.maxEntries = maxEntries
        self.maxTotalUncompressed = maxTotalUncompressed
        self.maxEntrySize = maxEntrySize
        self.maxCompressionRatio = maxCompressionRatio
        self.ratioFloor = ratioFloor
    }
}
