import AIInference
import Foundation

// `make bench`'s AI engine figures, in process: sentences and tokens per second and achieved
// GFLOP/s of the MiniLM forward pass over a fixed set of texts (written to a file so the PyTorch
// baseline in scripts/bench_ai.py encodes exactly the same ones), the resident memory the loaded
// model adds, and single-text latency p50/p99.
//
//   AIBench --model DIR --texts-out FILE     write the texts (JSON array) and exit
//   AIBench --model DIR --texts FILE [--batch N] [--json FILE] [--backend onednn|openblas]

struct Options {
    var model = ""
    var textsOut: String?
    var texts: String?
    var batch = 32
    var json: String?
    var backend = MatrixBackend.standard

    init(_ arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw BenchError("\(flag) needs a value") }
            switch flag {
            case "--model": model = value
            case "--texts-out": textsOut = value
            case "--texts": texts = value
            case "--batch": batch = Int(value) ?? 0
            case "--json": json = value
            case "--backend":
                guard let chosen = MatrixBackend(rawValue: value) else { throw BenchError("--backend is onednn or openblas") }
                backend = chosen
            default: throw BenchError("unknown option \(flag)")
            }
        }
        guard !model.isEmpty, batch > 0 else { throw BenchError("usage: AIBench --model DIR (--texts-out FILE | --texts FILE [--batch N] [--json FILE] [--backend onednn|openblas])") }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// 400 texts of 8–60 words in the vocabulary of mod code and its descriptions, from a fixed seed.
func benchTexts() -> [String] {
    let words = """
        the a block item entity recipe furnace smelting crafting shaped shapeless ingot ore copper tin \
        machine energy cable pipe fluid tank tile renders model texture state property facing powered \
        redstone signal comparator hopper inventory slot container screen menu button tooltip player \
        world level chunk biome feature structure spawn mob zombie skeleton creeper attack damage health \
        armor sword pickaxe shovel axe hoe tool tier durability enchantment potion effect particle sound \
        event handler tick server client packet network channel sync registry deferred register mod \
        forge fabric neoforge loader config option mixin inject method class interface extends \
        implements returns when placed broken used right clicked interacts with nearby entities \
        light level emits glows slab stairs wall fence door trapdoor leaves log planks sapling grows \
        random tick crop farmland harvest seed drops loot table experience orb villager trade
        """.split(separator: " ").map(String.init)
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(bound))
    }
    return (0..<400).map { _ in
        let count = 8 + next(53)
        var sentence = (0..<count).map { _ in words[next(words.count)] }.joined(separator: " ")
        sentence = sentence.prefix(1).uppercased() + sentence.dropFirst() + "."
        return sentence
    }
}

/// Resident memory of this process in bytes (VmRSS).
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (Int(line.split(separator: " ")[1]) ?? 0) * 1024
    }
    return 0
}

/// Floating-point operations of one forward pass over a text of `n` tokens (linear layers and the
/// two attention products; the element-wise work is not counted).
func flops(tokens n: Int) -> Double {
    let h = Double(MiniLM.hidden), i = Double(MiniLM.intermediate), n = Double(n)
    let perLayer = 2 * n * (4 * h * h + 2 * h * i) + 4 * n * n * h
    return perLayer * Double(MiniLM.layerCount)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
}

do {
    let options = try Options(CommandLine.arguments)
    if let out = options.textsOut {
        try JSONSerialization.data(withJSONObject: benchTexts()).write(to: URL(fileURLWithPath: out))
        exit(0)
    }
    guard let textsPath = options.texts else { throw BenchError("--texts FILE is required") }
    let texts = try JSONDecoder().decode([String].self, from: Data(contentsOf: URL(fileURLWithPath: textsPath)))
    let before = residentBytes()
    let model = try MiniLM(folder: options.model, backend: options.backend)
    let loaded = residentBytes() - before
    let tokenized = texts.map(model.tokenizer.encode)
    let tokens = tokenized.reduce(0) { $0 + $1.count }
    let work = tokenized.reduce(0.0) { $0 + flops(tokens: $1.count) }

    let clock = ContinuousClock()
    func pass() {
        for start in stride(from: 0, to: texts.count, by: options.batch) {
            _ = model.embed(Array(texts[start..<min(start + options.batch, texts.count)]))
        }
    }
    pass()  // warm-up
    var best = Double.infinity
    for _ in 0..<3 { best = min(best, seconds(clock.measure(pass))) }
    var latencies: [Double] = []
    for text in texts.prefix(200) { latencies.append(seconds(clock.measure { _ = model.embed([text]) })) }
    latencies.sort()
    let result: [String: Double] = [
        "texts": Double(texts.count), "tokens": Double(tokens), "seconds": best,
        "sentences_per_second": Double(texts.count) / best, "tokens_per_second": Double(tokens) / best,
        "gflops": work / best / 1e9, "model_resident_bytes": Double(loaded), "process_resident_bytes": Double(residentBytes()),
        "latency_p50_ms": percentile(latencies, 0.5) * 1000, "latency_p99_ms": percentile(latencies, 0.99) * 1000,
    ]
    print(String(format: "ai: MiniLM in process (%@): %d texts (%d tokens) in batches of %d: %.1f sentences/s, %.0f tokens/s, %.1f GFLOP/s",
                 options.backend.rawValue, texts.count, tokens, options.batch, result["sentences_per_second"]!, result["tokens_per_second"]!, result["gflops"]!))
    print(String(format: "ai: resident memory of the loaded model %.1f MiB (goal < 150 MiB); single text latency p50 %.2f ms, p99 %.2f ms",
                 Double(loaded) / 1_048_576, result["latency_p50_ms"]!, result["latency_p99_ms"]!))
    if let json = options.json {
        var document: [String: Any] = result
        document["first_embeddings"] = model.embed(Array(texts.prefix(8)))  // the baseline compares its own vectors with these
        try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]).write(to: URL(fileURLWithPath: json))
    }
} catch {
    FileHandle.standardError.write(Data("AIBench: \(error)\n".utf8))
    exit(2)
}
