import ConversionEngine
import Crypto
import Foundation

/// The `options` of an upload, validated (unknown keys refused, each value checked) and kept in a
/// canonical JSON form, which is part of the result-cache key.
public struct ConversionRequestOptions: Sendable, Equatable {
    /// Bedrock `min_engine_version` of the manifests.
    public var targetEngine: [Int] = PackManifests.defaultMinEngineVersion
    /// Namespace for the Bedrock ids instead of the mod's own.
    public var namespace: String?
    /// Locales to convert; `nil`: all.
    public var languages: [String]?
    /// `conservative` skips what it cannot convert faithfully; `aggressive` approximates more.
    public var assumptions = "aggressive"
    /// Feature kinds to convert; `nil`: all.
    public var include: [String]?

    public init() {}

    /// Why options were refused: the key and the rule.
    public struct Refusal: Error, Equatable {
        public let message: String
    }

    static let keys: Set<String> = ["target_engine", "namespace", "languages", "assumptions", "include"]

    /// Parses the client's JSON object.
    public static func parse(_ data: Data) throws(Refusal) -> ConversionRequestOptions {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw Refusal(message: "options must be a JSON object")
        }
        if let unknown = Set(object.keys).subtracting(keys).sorted().first {
            throw Refusal(message: "unknown option \"\(unknown.prefix(40))\"; the options are \(keys.sorted().joined(separator: ", "))")
        }
        var options = ConversionRequestOptions()
        if let value = object["target_engine"] {
            // Decoded strictly (no booleans or fractions passing for numbers).
            let encoded = (try? JSONSerialization.data(withJSONObject: ["v": value])) ?? Data()
            guard let ints = (try? JSONDecoder().decode([String: [Int]].self, from: encoded))?["v"], ints.count == 3,
                  ints.allSatisfy({ (0...999).contains($0) }), ints[0] == 1, ints[1] >= 16 else {
                throw Refusal(message: "target_engine must be a Bedrock version such as [1, 21, 40] (1.16 or later)")
            }
            options.targetEngine = ints
        }
        if let value = object["namespace"] {
            guard let text = value as? String, text.range(of: "^[a-z][a-z0-9_]{1,31}$", options: .regularExpression) != nil, text != "minecraft" else {
                throw Refusal(message: "namespace must be 2–32 characters of a-z, 0-9 and _, starting with a letter (not minecraft)")
            }
            options.namespace = text
        }
        if let value = object["languages"] {
            if let text = value as? String, text == "all" {
                options.languages = nil
            } else if let list = value as? [String], !list.isEmpty, list.count <= 64,
                      list.allSatisfy({ $0.range(of: "^[a-z]{2,3}_[a-z]{2}$", options: .regularExpression) != nil }) {
                options.languages = Array(Set(list)).sorted()
            } else {
                throw Refusal(message: "languages must be \"all\" or a list of locales such as [\"en_us\", \"de_de\"]")
            }
        }
        if let value = object["assumptions"] {
            guard let text = value as? String, ["conservative", "aggressive"].contains(text) else {
                throw Refusal(message: "assumptions must be \"conservative\" or \"aggressive\"")
            }
            options.assumptions = text
        }
        if let value = object["include"] {
            let kinds = Set(ConversionReport.Kind.allCases.map(\.rawValue))
            guard let list = value as? [String], !list.isEmpty, Set(list).isSubset(of: kinds) else {
                throw Refusal(message: "include must be a non-empty list of \(kinds.sorted().joined(separator: ", "))")
            }
            options.include = Array(Set(list)).sorted()
        }
        return options
    }

    /// Every option spelled out, keys sorted: equal options give equal text.
    public var canonicalJSON: String {
        var object: [String: Any] = ["target_engine": targetEngine, "assumptions": assumptions]
        object["namespace"] = namespace ?? NSNull()
        object["languages"] = languages ?? "all"
        object["include"] = include ?? "all"
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// Reads options back from their canonical form.
    public static func decode(_ canonical: String) throws -> ConversionRequestOptions {
        guard var object = try JSONSerialization.jsonObject(with: Data(canonical.utf8)) as? [String: Any] else { throw Refusal(message: "not an object") }
        if object["namespace"] is NSNull { object["namespace"] = nil }
        if object["include"] as? String == "all" { object["include"] = nil }
        return try parse(try JSONSerialization.data(withJSONObject: object))
    }

    /// The engine's options.
    public var engineOptions: ConversionOptions {
        ConversionOptions(
            minEngineVersion: targetEngine, namespaceOverride: namespace, languages: languages.map(Set.init), aggressive: assumptions == "aggressive",
            include: include.map { Set($0.compactMap(ConversionReport.Kind.init(rawValue:))) })
    }

    /// The result-cache key: the upload, the canonical options, the engine version and what the AI
    /// suggestions come from (`models`: the production classifier and embedder and the knowledge
    /// base's digest; `none` without an ai-engine; `unavailable` when it could not say).
    public static func cacheKey(sha256: String, options canonical: String, models: String) -> String {
        let material = [sha256, canonical, "engine=\(ConversionEngine.version)", "models=\(models)"].joined(separator: "\n")
        return ArtifactStore.hex(SHA256.hash(data: Data(material.utf8)))
    }
}

/// The summary a conversion row keeps: counts per kind and status, the score, warnings.
public struct ConversionSummary: Sendable {
    public let json: String
    public let counts: [String: Int]

    public init(_ report: ConversionReport) {
        var byKind: [String: [String: Int]] = [:]
        for feature in report.features { byKind[feature.kind.rawValue, default: [:]][feature.status.rawValue, default: 0] += 1 }
        let total = report.features.count
        let converted = report.features.filter { $0.status == .converted }.count
        let approximated = report.features.filter { $0.status == .approximated }.count
        let score = total == 0 ? 0 : Int((Double(converted) + 0.5 * Double(approximated)) / Double(total) * 100)
        counts = byKind.mapValues { $0.values.reduce(0, +) }
        let object: [String: Any] = [
            "mod_id": report.metadata.modID, "mod_name": report.metadata.name, "score": score, "features": total,
            "by_kind": byKind, "warnings": report.warnings.count, "nothing_to_convert": report.nothingToConvert,
        ]
        json = String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8), as: UTF8.self)
    }
}
