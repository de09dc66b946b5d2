import Foundation

/// How a Java class is put into words for the sentence encoder, the same at training
/// (`scripts/train_feature_classifier.py` runs `ai-engine featurize`) and at conversion time:
/// `class <name words> extends <superclass words>; <string constant words>`, with camel case,
/// `_`, `.`, `:` and `/` split into lower-case words and packages dropped.
public enum ClassSummaryText {
    /// The description's version, stored in a classifier's `model.json` (`text`).
    public static let version = "class-summary-v1"

    /// Words of a Java class: `net/minecraft/world/level/block/Block$Props` → `block props`.
    public static func words(ofClass name: String) -> String {
        let simple = name.split(whereSeparator: { $0 == "/" || $0 == "." }).last.map(String.init) ?? name
        return words(simple.replacingOccurrences(of: "$", with: " "))
    }

    /// Lower-case words of an identifier or a constant.
    public static func words(_ text: String) -> String {
        var out = ""
        var previous: Character?
        for character in text {
            if character == "_" || character == "." || character == ":" || character == "/" || character == "-" || character == " " {
                if !out.hasSuffix(" ") && !out.isEmpty { out.append(" ") }
            } else {
                if let previous, character.isUppercase, previous.isLowercase || previous.isNumber, !out.hasSuffix(" ") { out.append(" ") }
                out.append(contentsOf: character.lowercased())
            }
            previous = character
        }
        return out.trimmingCharacters(in: .whitespaces)
    }

    /// The sentence for a class: its name, its superclass and up to eight of its string constants.
    public static func describe(name: String, superclass: String?, strings: [String]) -> String {
        var text = "class " + words(ofClass: name)
        if let superclass, !superclass.isEmpty { text += " extends " + words(ofClass: superclass) }
        let constants = strings.prefix(8).map { Self.words($0) }.filter { !$0.isEmpty }
        if !constants.isEmpty { text += "; " + constants.joined(separator: ", ") }
        return String(text.prefix(600))
    }
}
