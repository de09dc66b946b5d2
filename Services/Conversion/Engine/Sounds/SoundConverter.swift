import Foundation

/// `sounds.json` and the `.ogg` files → `sounds/sound_definitions.json` and `sounds/<ns>/…`.
struct SoundConverter {
    let context: ConversionContext

    static let categories: [String: String] = [
        "master": "ui", "music": "music", "record": "record", "records": "record", "weather": "weather", "block": "block",
        "blocks": "block", "hostile": "hostile", "neutral": "neutral", "player": "player", "players": "player",
        "ambient": "ambient", "voice": "player",
    ]

    func run() {
        var definitions: [JSONMember] = []
        for (namespace, entry) in context.contents.soundIndexes.sorted(by: { $0.key < $1.key }) where context.contents.isOwn(namespace) {
            guard let json = context.contents.json(entry) else {
                context.add(.sound, "\(namespace):sounds.json", nil, .failed, .init(standIn: "no sounds", reason: context.contents.problem(entry), impact: .low))
                continue
            }
            for event in json.members ?? [] {
                let name = "\(context.options.namespaceOverride ?? namespace).\(event.key)"
                var files: [JSONValue] = []
                var missing: [String] = []
                for sound in event.value["sounds"]?.arrayValue ?? [] {
                    let reference = sound.stringValue ?? sound["name"]?.stringValue ?? ""
                    if sound["type"]?.stringValue == "event" { missing.append("event reference \(reference)"); continue }
                    guard let id = ResourceLocation(reference), let file = context.contents.soundFiles[id], let data = context.contents.data(file) else {
                        missing.append(reference)
                        continue
                    }
                    let path = "sounds/\(id.namespace)/\(id.path)"
                    context.resourcePack[path + ".ogg"] = data
                    var members = [JSONMember(key: "name", value: .string(path))]
                    if sound["stream"] == .bool(true) { members.append(JSONMember(key: "stream", value: .bool(true))) }
                    if let volume = sound["volume"]?.numberValue { members.append(JSONMember(key: "volume", value: .number(volume))) }
                    if let pitch = sound["pitch"]?.numberValue { members.append(JSONMember(key: "pitch", value: .number(pitch))) }
                    files.append(.object(members))
                }
                guard !files.isEmpty else {
                    context.add(.sound, "\(namespace):\(event.key)", nil, .skipped, .init(
                        standIn: "silence", reason: "no sound file in the jar (\(missing.joined(separator: ", ")))", impact: .low))
                    continue
                }
                let category = Self.categories[event.value["category"]?.stringValue ?? ""] ?? "neutral"
                definitions.append(JSONMember(key: name, value: .object([
                    JSONMember(key: "category", value: .string(category)), JSONMember(key: "sounds", value: .array(files)),
                ])))
                if missing.isEmpty {
                    context.add(.sound, "\(namespace):\(event.key)", name, .converted)
                } else {
                    context.add(.sound, "\(namespace):\(event.key)", name, .approximated, .init(
                        standIn: "the files that exist", reason: "missing: \(missing.joined(separator: ", "))", impact: .low))
                }
            }
        }
        guard !definitions.isEmpty else { return }
        context.write(.object([
            JSONMember(key: "format_version", value: .string("1.14.0")),
            JSONMember(key: "sound_definitions", value: .object(definitions)),
        ]), to: "sounds/sound_definitions.json", behavior: false)
    }
}
