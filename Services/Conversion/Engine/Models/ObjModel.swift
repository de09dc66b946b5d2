import Foundation

/// A Forge/NeoForge `obj` model approximated as boxes: Bedrock block geometry has no meshes, so
/// each OBJ group (`o`/`g`) becomes the cube that bounds its vertices, wearing the texture of the
/// group's material (`usemtl` → the `.mtl`'s `map_Kd`, a texture id or a `#variable` of the model
/// JSON's `textures`). OBJ coordinates are in blocks (×16 → model pixels).
///
/// Bounded: at most ``maxVertices`` vertices and ``ModelResolver/maxElements`` groups are read;
/// larger files are refused with a precise problem.
enum ObjModel {
    static let maxVertices = 200_000

    static func resolve(_ json: JSONValue, loader: String, id: ResourceLocation, contents: ModContents) -> Result<ResolvedModel, ModelProblem> {
        guard let reference = json["model"]?.stringValue, let location = ResourceLocation(reference) else {
            return .failure(ModelProblem(description: "\(loader) model \(id) names no .obj file"))
        }
        let entry = "assets/\(location.namespace)/\(location.path)"
        guard contents.jar.contains(entry), let data = contents.data(entry) else {
            return .failure(ModelProblem(description: "\(loader) model \(id): \(entry) is not in the jar"))
        }
        let textures = ModelResolver.rawTextures(json)
        let groups: [Group]
        do {
            groups = try parse(String(decoding: data, as: UTF8.self), entry: entry)
        } catch {
            return .failure(error)
        }
        let materials = materialTextures(obj: data, folder: location, contents: contents)
        var model = ResolvedModel(id: id, shape: .elements, rawTextures: textures, elements: [])
        for group in groups where group.low.allSatisfy(\.isFinite) {
            let texture = group.material.flatMap { materials[$0] } ?? "#" + (textures["particle"] != nil ? "particle" : textures.keys.sorted().first ?? "missing")
            let from = group.low.map { ($0 * 16 * 1000).rounded() / 1000 }
            var to = group.high.map { ($0 * 16 * 1000).rounded() / 1000 }
            for axis in 0..<3 where to[axis] - from[axis] < 0.01 { to[axis] = from[axis] + 0.01 }
            model.elements.append(ModelElement(from: from, to: to, faces: Dictionary(uniqueKeysWithValues: ModelElement.directions.map { ($0, texture) })))
        }
        model.notes.append("\(loader): \(groups.count) OBJ group(s) drawn as their bounding boxes (Bedrock blocks have no meshes)")
        return .success(model)
    }

    struct Group {
        var material: String?
        var low = [Double](repeating: .infinity, count: 3)
        var high = [Double](repeating: -.infinity, count: 3)
    }

    /// Groups with the bounds of the vertices their faces use.
    static func parse(_ text: String, entry: String) throws(ModelProblem) -> [Group] {
        var vertices: [[Double]] = []
        var groups: [Group] = []
        var current = Group()
        var material: String?
        func close() {
            if current.low[0].isFinite { groups.append(current) }
            current = Group(material: material)
        }
        for line in text.split(whereSeparator: \.isNewline) {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let keyword = words.first else { continue }
            switch keyword {
            case "v":
                guard words.count >= 4 else { continue }
                guard vertices.count < maxVertices else { throw ModelProblem(description: "\(entry): more than \(maxVertices) vertices") }
                vertices.append(words[1...3].map { Double($0) ?? 0 })
            case "o", "g":
                close()
            case "usemtl":
                material = words.count > 1 ? String(words[1]) : nil
                if current.low[0].isFinite { close() } else { current.material = material }
            case "f":
                for word in words.dropFirst() {
                    guard let index = Int(word.split(separator: "/", omittingEmptySubsequences: false).first ?? "") else { continue }
                    let position = index > 0 ? index - 1 : vertices.count + index
                    guard vertices.indices.contains(position) else { continue }
                    for axis in 0..<3 {
                        current.low[axis] = min(current.low[axis], vertices[position][axis])
                        current.high[axis] = max(current.high[axis], vertices[position][axis])
                    }
                }
            default:
                continue
            }
            guard groups.count <= ModelResolver.maxElements else { throw ModelProblem(description: "\(entry): more than \(ModelResolver.maxElements) groups") }
        }
        close()
        return groups
    }

    /// Material → texture (`map_Kd`) from the `.mtl` files the OBJ names (`mtllib`), beside it.
    private static func materialTextures(obj: Data, folder: ResourceLocation, contents: ModContents) -> [String: String] {
        var result: [String: String] = [:]
        let text = String(decoding: obj, as: UTF8.self)
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("mtllib ") {
            let name = line.dropFirst("mtllib ".count).trimmingCharacters(in: .whitespaces)
            let directory = folder.path.split(separator: "/").dropLast().joined(separator: "/")
            let entry = "assets/\(folder.namespace)/\(directory.isEmpty ? "" : directory + "/")\(name)"
            guard contents.jar.contains(entry), let data = contents.data(entry) else { continue }
            var material: String?
            for mtl in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
                let words = mtl.split(separator: " ", omittingEmptySubsequences: true)
                if words.first == "newmtl", words.count > 1 { material = String(words[1]) }
                if words.first == "map_Kd", words.count > 1, let material { result[material] = String(words[1]) }
            }
        }
        return result
    }
}
