import Foundation

/// Turns a mod's Java lang files into Bedrock `.lang` text.
///
/// Keys: `block.<ns>.<name>` → `tile.<ns>:<name>.name`, `item.<ns>.<name>` → `item.<ns>:<name>`;
/// the 1.12 forms `tile.<name>.name` and `item.<name>.name` take the mod's namespace. Other keys
/// are kept as they are. Java format codes become Bedrock's: `%1$s` → `%1`, `%d`/`%f` → `%s`.
/// Locales: Java `xx_yy` → Bedrock `xx_YY`; only the 29 locales Bedrock knows are emitted.
public enum LangConverter {
    /// The locales Bedrock's `languages.json` accepts, in the order the game lists them.
    public static let bedrockLocales: [String] = [
        "en_US", "de_DE", "ru_RU", "zh_CN", "fr_FR", "it_IT", "pt_BR", "fr_CA", "zh_TW", "es_MX", "es_ES", "pt_PT",
        "en_GB", "ko_KR", "ja_JP", "nl_NL", "bg_BG", "cs_CZ", "da_DK", "el_GR", "fi_FI", "hu_HU", "id_ID", "nb_NO",
        "pl_PL", "sk_SK", "sv_SE", "tr_TR", "uk_UA",
    ]

    /// The Bedrock locale for a Java lang file name (`en_us.json`, `en_US.lang`), or `nil` when
    /// Bedrock has no such locale.
    public static func bedrockLocale(forFile file: String) -> String? {
        let stem = file.split(separator: "/").last.map(String.init) ?? file
        let base = stem.hasSuffix(".json") ? String(stem.dropLast(5)) : stem.hasSuffix(".lang") ? String(stem.dropLast(5)) : stem
        let parts = base.split(separator: "_")
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2 else { return nil }
        let locale = parts[0].lowercased() + "_" + parts[1].uppercased()
        return bedrockLocales.contains(locale) ? locale : nil
    }

    /// Entries of a modern `.json` lang file (an object of strings), in file order.
    public static func entries(fromJSON value: JSONValue) -> [(key: String, value: String)] {
        (value.members ?? []).compactMap { member in member.value.stringValue.map { (member.key, $0) } }
    }

    /// Entries of a legacy `key=value` `.lang` file (`#` comments, blank lines skipped).
    public static func entries(fromLegacy text: String) -> [(key: String, value: String)] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#"), let equals = trimmed.firstIndex(of: "=") else { return nil }
            return (trimmed[..<equals].trimmingCharacters(in: .whitespaces), String(trimmed[trimmed.index(after: equals)...]))
        }
    }

    /// The Bedrock key for a Java key. `legacy` marks keys from a 1.12 `.lang` file, where
    /// `item.gem.name` means the item `gem` of this mod rather than the item `name` of a mod `gem`.
    public static func bedrockKey(_ key: String, namespace: String, legacy: Bool = false) -> String {
        let parts = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        // 1.12 keys often carry the mod id: `tile.examplemod.ruby_block.name`.
        if legacy, parts.count == 4, parts[1] == namespace, parts[3] == "name", parts[0] == "tile" || parts[0] == "item" {
            return parts[0] == "tile" ? "tile.\(namespace):\(parts[2]).name" : "item.\(namespace):\(parts[2])"
        }
        guard parts.count == 3, !parts[1].isEmpty, !parts[2].isEmpty else { return key }
        if legacy {
            guard parts[0] == "tile" || parts[0] == "item", parts[2] == "name" else { return key }
            return parts[0] == "tile" ? "tile.\(namespace):\(parts[1]).name" : "item.\(namespace):\(parts[1])"
        }
        guard parts[0] == "block" || parts[0] == "item" else { return key }
        return parts[0] == "block" ? "tile.\(parts[1]):\(parts[2]).name" : "item.\(parts[1]):\(parts[2])"
    }

    /// A Java format string in Bedrock's form.
    public static func bedrockText(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "\n") }) else { return text }
        var out = ""
        var characters = Array(text)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            guard character == "%", index + 1 < characters.count else {
                out.append(character == "\n" ? " " : character)
                index += 1
                continue
            }
            // %% stays; %N$x → %N; %x (s, d, f, …) → %s.
            var cursor = index + 1
            if characters[cursor] == "%" {
                out += "%%"
                index += 2
                continue
            }
            var digits = ""
            while cursor < characters.count, characters[cursor].isNumber {
                digits.append(characters[cursor])
                cursor += 1
            }
            if !digits.isEmpty, cursor + 1 < characters.count, characters[cursor] == "$", characters[cursor + 1].isLetter {
                out += "%" + digits
                index = cursor + 2
            } else if digits.isEmpty, characters[cursor].isLetter {
                out += "%s"
                index = cursor + 1
            } else {
                out.append(character)
                index += 1
            }
        }
        characters.removeAll()
        return out
    }

    /// The `.lang` text for entries, keys mapped and sorted for a deterministic file.
    public static func bedrockLang(_ entries: [(key: String, value: String)], namespace: String, legacy: Bool = false) -> String {
        var mapped: [String: String] = [:]
        for (key, value) in entries { mapped[bedrockKey(key, namespace: namespace, legacy: legacy)] = bedrockText(value) }
        return mapped.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n") + (mapped.isEmpty ? "" : "\n")
    }
}
