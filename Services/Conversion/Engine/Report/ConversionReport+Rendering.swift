import Foundation

extension ConversionReport {
    /// The report as a JSON value (members in a fixed order, so the text is stable).
    public var jsonValue: JSONValue {
        func string(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
        let totals = Kind.allCases.compactMap { kind -> JSONMember? in
            let counts = Status.allCases.map { JSONMember(key: $0.rawValue, value: .number(Double(count(kind, $0)))) }
            guard features.contains(where: { $0.kind == kind }) else { return nil }
            return JSONMember(key: kind.rawValue, value: .object(counts))
        }
        let lines = features.map { feature in
            var members = [
                JSONMember(key: "kind", value: .string(feature.kind.rawValue)),
                JSONMember(key: "java_id", value: .string(feature.javaID)),
                JSONMember(key: "bedrock_id", value: string(feature.bedrockID)),
                JSONMember(key: "status", value: .string(feature.status.rawValue)),
            ]
            if let assumption = feature.assumption {
                var fields = [
                    JSONMember(key: "stand_in", value: .string(assumption.standIn)),
                    JSONMember(key: "reason", value: .string(assumption.reason)),
                    JSONMember(key: "impact", value: .string(assumption.impact.rawValue)),
                ]
                if let suggestion = assumption.suggestion {
                    fields.append(JSONMember(key: "suggested_by", value: .object([
                        JSONMember(key: "source", value: .string("ai-engine")),
                        JSONMember(key: "kind", value: .string(suggestion.kind)),
                        JSONMember(key: "confidence", value: .number((suggestion.confidence * 1000).rounded() / 1000)),
                        JSONMember(key: "classifier", value: .string(suggestion.classifier)),
                        JSONMember(key: "entry", value: .string(suggestion.entry)),
                        JSONMember(key: "entry_title", value: .string(suggestion.entryTitle)),
                        JSONMember(key: "similarity", value: .number((suggestion.similarity * 1000).rounded() / 1000)),
                        JSONMember(key: "embedder", value: .string(suggestion.embedder)),
                    ])))
                }
                members.append(JSONMember(key: "assumption", value: .object(fields)))
            }
            if !feature.notes.isEmpty { members.append(JSONMember(key: "notes", value: .array(feature.notes.map(JSONValue.string)))) }
            if let preview = feature.preview {
                members.append(JSONMember(key: "preview", value: .object([
                    JSONMember(key: "java", value: .string(preview.java)), JSONMember(key: "bedrock", value: .string(preview.bedrock)),
                    JSONMember(key: "score", value: .number((preview.score * 1000).rounded() / 1000)),
                    JSONMember(key: "looks_different", value: .bool(preview.looksDifferent)), JSONMember(key: "reason", value: string(preview.reason)),
                ])))
            }
            return JSONValue.object(members)
        }
        return .object([
            JSONMember(key: "mod", value: .object([
                JSONMember(key: "id", value: .string(metadata.modID)),
                JSONMember(key: "name", value: .string(metadata.name)),
                JSONMember(key: "version", value: .string(metadata.version)),
                JSONMember(key: "loader", value: .string(metadata.loader.rawValue)),
            ])),
            JSONMember(key: "score", value: .number(score)),
            JSONMember(key: "nothing_to_convert", value: .bool(nothingToConvert)),
            JSONMember(key: "totals", value: .object(totals)),
            JSONMember(key: "features", value: .array(lines)),
            JSONMember(key: "warnings", value: .array(warnings.map(JSONValue.string))),
            JSONMember(key: "stages", value: .object(stageSeconds.map { JSONMember(key: $0.stage, value: .number($0.seconds)) })),
        ])
    }

    /// The report as JSON text.
    public var json: String { JSONWriter.write(jsonValue) }

    /// The previews as a list (`previews.json`, and the API's `GET …/previews`): each block or item
    /// with its two image names, score, flag and reason, in report order.
    public var previewsJSON: String { JSONWriter.write(previewsValue) }

    public var previewsValue: JSONValue {
        .object([
            JSONMember(key: "threshold", value: .number(ConversionReport.previewThreshold)),
            JSONMember(key: "items", value: .array(features.compactMap { feature in
                guard let preview = feature.preview else { return nil }
                return .object([
                    JSONMember(key: "kind", value: .string(feature.kind.rawValue)), JSONMember(key: "java_id", value: .string(feature.javaID)),
                    JSONMember(key: "bedrock_id", value: feature.bedrockID.map(JSONValue.string) ?? .null),
                    JSONMember(key: "java", value: .string(preview.java)), JSONMember(key: "bedrock", value: .string(preview.bedrock)),
                    JSONMember(key: "score", value: .number((preview.score * 1000).rounded() / 1000)),
                    JSONMember(key: "looks_different", value: .bool(preview.looksDifferent)),
                    JSONMember(key: "reason", value: preview.reason.map(JSONValue.string) ?? .null),
                ])
            })),
        ])
    }

    /// One row per feature. Cells a spreadsheet would run as a formula (starting with `=`, `+`,
    /// `-`, `@`, tab or carriage return) are prefixed with `'`.
    public var csv: String {
        var rows = ["kind,java_id,bedrock_id,status,stand_in,reason,impact,preview_score,looks_different,preview_reason"]
        for feature in features {
            let cells = [
                feature.kind.rawValue, feature.javaID, feature.bedrockID ?? "", feature.status.rawValue,
                feature.assumption?.standIn ?? "", feature.assumption?.reason ?? "", feature.assumption?.impact.rawValue ?? "",
                feature.preview.map { JSONWriter.format(($0.score * 1000).rounded() / 1000) } ?? "",
                feature.preview.map { $0.looksDifferent ? "yes" : "no" } ?? "", feature.preview?.reason ?? "",
            ]
            rows.append(cells.map(Self.csvCell).joined(separator: ","))
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// A standalone HTML page; every value from the mod is escaped.
    public var html: String { html(previewImages: [:]) }

    /// The HTML page with a grid of previews, Java beside Bedrock, for the first
    /// ``maxHTMLPreviews`` blocks and items (images embedded, so the page stands alone).
    public func html(previewImages: [String: Data]) -> String {
        let escape = Self.htmlEscape
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Conversion report: \(escape(metadata.name))</title></head>
            <body><main>
            <h1>\(escape(metadata.name)) \(escape(metadata.version))</h1>
            <p>Loader: \(escape(metadata.loader.rawValue)). Score: \(JSONWriter.format(score)).\(nothingToConvert ? " Nothing in this mod could be converted." : "")</p>
            <table><thead><tr><th>Kind</th><th>Java id</th><th>Bedrock id</th><th>Status</th><th>Smart assumption</th><th>Impact</th></tr></thead><tbody>

            """
        for feature in features {
            let assumption = feature.assumption.map { "\(escape($0.standIn)) — \(escape($0.reason))" } ?? ""
            page += "<tr><td>\(escape(feature.kind.rawValue))</td><td>\(escape(feature.javaID))</td>"
                + "<td>\(escape(feature.bedrockID ?? ""))</td><td>\(escape(feature.status.rawValue))</td>"
                + "<td>\(assumption)</td><td>\(escape(feature.assumption?.impact.rawValue ?? ""))</td></tr>\n"
        }
        page += "</tbody></table>\n"
        let previewed = features.filter { $0.preview != nil }
        if !previewed.isEmpty, !previewImages.isEmpty {
            page += "<h2>Previews, Java beside Bedrock</h2>\n"
            if previewed.count > Self.maxHTMLPreviews {
                page += "<p>The first \(Self.maxHTMLPreviews) of \(previewed.count); every preview is in the JSON report and through the API.</p>\n"
            }
            page += "<div class=\"previews\">\n"
            for feature in previewed.prefix(Self.maxHTMLPreviews) {
                guard let preview = feature.preview else { continue }
                func image(_ name: String, _ side: String) -> String {
                    guard let data = previewImages[name] else { return "" }
                    return "<img alt=\"\(escape(feature.javaID)) in \(side)\" width=\"128\" height=\"128\" src=\"data:image/png;base64,\(data.base64EncodedString())\">"
                }
                let flag = preview.looksDifferent ? "<strong>looks different</strong>" + (preview.reason.map { ": \(escape($0))" } ?? "") : "looks alike"
                page += "<figure class=\"\(preview.looksDifferent ? "different" : "alike")\">\(image(preview.java, "Java"))\(image(preview.bedrock, "Bedrock"))"
                    + "<figcaption>\(escape(feature.javaID)) — \(JSONWriter.format((preview.score * 100).rounded())) % — \(flag)</figcaption></figure>\n"
            }
            page += "</div>\n"
        }
        if !warnings.isEmpty {
            page += "<h2>Warnings</h2><ul>\n" + warnings.map { "<li>\(escape($0))</li>\n" }.joined() + "</ul>\n"
        }
        return page + "</main></body></html>\n"
    }

    /// Previews the HTML page embeds at most.
    public static let maxHTMLPreviews = 400

    static func csvCell(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func htmlEscape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
