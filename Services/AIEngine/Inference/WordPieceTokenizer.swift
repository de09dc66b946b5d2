import Foundation

/// The BERT uncased WordPiece tokenizer, as `BertTokenizer(do_lower_case=True)` of Hugging Face
/// behaves: text cleaned (control characters dropped, whitespace unified), CJK ideographs split
/// apart, lower-cased and accents stripped (NFD, combining marks removed), split on whitespace and
/// punctuation, then each word matched greedily, longest first, against the vocabulary (`##` for
/// continuations; a word with no match, or longer than 100 characters, is `[UNK]`). The ids are
/// framed by `[CLS]` … `[SEP]` and truncated to `maxLength` in all.
public struct WordPieceTokenizer: Sendable {
    public let vocabulary: [String: Int32]
    public let maxLength: Int
    public let cls: Int32, sep: Int32, unk: Int32
    static let maxWordCharacters = 100

    /// Reads `vocab.txt` (one token a line; the line number is its id).
    /// - Throws: when the file cannot be read or lacks `[CLS]`, `[SEP]` or `[UNK]`.
    public init(vocabularyPath: String, maxLength: Int = 256) throws {
        let text = try String(contentsOfFile: vocabularyPath, encoding: .utf8)
        var vocabulary: [String: Int32] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
            if vocabulary[token] == nil { vocabulary[token] = Int32(index) }
        }
        try self.init(vocabulary: vocabulary, maxLength: maxLength)
    }

    public init(vocabulary: [String: Int32], maxLength: Int = 256) throws {
        guard let cls = vocabulary["[CLS]"], let sep = vocabulary["[SEP]"], let unk = vocabulary["[UNK]"] else {
            throw SafeTensorsError("the vocabulary lacks [CLS], [SEP] or [UNK]")
        }
        guard maxLength >= 2 else { throw SafeTensorsError("a tokenizer needs room for [CLS] and [SEP]: maxLength must be at least 2") }
        self.vocabulary = vocabulary
        self.maxLength = maxLength
        self.cls = cls
        self.sep = sep
        self.unk = unk
    }

    /// The ids of `text`: `[CLS]`, at most `maxLength - 2` word pieces, `[SEP]`.
    public func encode(_ text: String) -> [Int32] {
        var ids: [Int32] = [cls]
        let budget = maxLength - 2
        outer: for word in Self.basicTokens(text) {
            for piece in wordPieces(word) {
                if ids.count - 1 == budget { break outer }
                ids.append(piece)
            }
        }
        ids.append(sep)
        return ids
    }

    /// Greedy longest-match-first word pieces of one basic token.
    func wordPieces(_ word: [Unicode.Scalar]) -> [Int32] {
        if word.count > Self.maxWordCharacters { return [unk] }
        var pieces: [Int32] = []
        var start = 0
        while start < word.count {
            var end = word.count
            var found: Int32?
            while start < end {
                var candidate = String(String.UnicodeScalarView(word[start..<end]))
                if start > 0 { candidate = "##" + candidate }
                if let id = vocabulary[candidate] { found = id; break }
                end -= 1
            }
            guard let found else { return [unk] }
            pieces.append(found)
            start = end
        }
        return pieces
    }

    /// The basic tokenizer: cleaned, CJK split, lower-cased, accents stripped, split on whitespace
    /// and punctuation.
    static func basicTokens(_ text: String) -> [[Unicode.Scalar]] {
        // Clean, and put spaces around CJK ideographs.
        var cleaned: [Unicode.Scalar] = []
        cleaned.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value == 0 || value == 0xFFFD || isControl(scalar) { continue }
            if isWhitespace(scalar) { cleaned.append(" "); continue }
            if isCJK(value) { cleaned.append(" "); cleaned.append(scalar); cleaned.append(" "); continue }
            cleaned.append(scalar)
        }
        var tokens: [[Unicode.Scalar]] = []
        for word in split(cleaned, where: { $0 == " " }) {
            // Lower-case, then strip accents (NFD without combining marks).
            let lowered = String(String.UnicodeScalarView(word)).lowercased().decomposedStringWithCanonicalMapping
            let stripped = lowered.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }
            // Split on punctuation: each punctuation character is a token of its own.
            var current: [Unicode.Scalar] = []
            for scalar in stripped {
                if isPunctuation(scalar) {
                    if !current.isEmpty { tokens.append(current); current = [] }
                    tokens.append([scalar])
                } else {
                    current.append(scalar)
                }
            }
            if !current.isEmpty { tokens.append(current) }
        }
        return tokens
    }

    private static func split(_ scalars: [Unicode.Scalar], where separator: (Unicode.Scalar) -> Bool) -> [[Unicode.Scalar]] {
        var parts: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        for scalar in scalars {
            if separator(scalar) {
                if !current.isEmpty { parts.append(current); current = [] }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { parts.append(current) }
        return parts
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" { return true }
        return scalar.properties.generalCategory == .spaceSeparator
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\t" || scalar == "\n" || scalar == "\r" { return false }
        switch scalar.properties.generalCategory {
        case .control, .format: return true
        default: return false
        }
    }

    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value) { return true }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return true
        default:
            return false
        }
    }

    static func isCJK(_ value: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(value) || (0x3400...0x4DBF).contains(value) || (0x20000...0x2A6DF).contains(value)
            || (0x2A700...0x2B73F).contains(value) || (0x2B740...0x2B81F).contains(value) || (0x2B820...0x2CEAF).contains(value)
            || (0xF900...0xFAFF).contains(value) || (0x2F800...0x2FA1F).contains(value)
    }
}
