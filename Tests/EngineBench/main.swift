import ConversionEngine
import EngineFixtures
import Foundation

// `make bench` (engine part): converts the fixture set with a release build and prints MB/s of
// jar input and jars/s, against a baseline measured in the same run: reading every entry of the
// same jars (no conversion); then the large fixture and a real-size set (twelve generated mods of
// 0.2–5 MB, the sizes of real ones) on every core beside the same on one thread
// (`ConversionOptions.parallelism`). `--write-large PATH` writes the large fixture jar for the
// peak-memory measurement under /usr/bin/time -v; `--jars DIR` measures the jars of a folder the
// same way (real mods kept outside the repository) and exits.

let arguments = CommandLine.arguments
if let index = arguments.firstIndex(of: "--write-large"), index + 1 < arguments.count {
    try FixtureMod.large().jar.write(to: URL(fileURLWithPath: arguments[index + 1]))
    exit(0)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Converts every jar once on `threads` threads; returns the seconds taken in all.
func convertAll(_ jars: [Data], threads: Int, previews: Bool = false) async throws -> Double {
    var options = ConversionOptions(previews: previews)
    options.parallelism = threads
    let start = ContinuousClock.now
    for jar in jars {
        do {
            _ = try await ConversionEngine().convert(jar: jar, options: options)
        } catch {
            // A jar the engine refuses still costs its time; the figure is of the engine's work.
        }
    }
    return seconds(ContinuousClock.now - start)
}

/// MB/s and jars/s of `jars` on every core and on one thread, best of `rounds`, in one line.
func multiCoreLine(_ label: String, _ jars: [Data], rounds: Int) async throws -> String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    var many = Double.infinity, one = Double.infinity
    for _ in 0..<rounds {
        many = min(many, try await convertAll(jars, threads: cores))
        one = min(one, try await convertAll(jars, threads: 1))
    }
    let megabytes = Double(jars.reduce(0) { $0 + $1.count }) / 1_048_576
    return String(format: "engine: %@ (%d jars, %.1f MB): %.1f MB/s, %.2f jars/s on %d threads; %.1f MB/s, %.2f jars/s on one (%.2f×)",
                  label, jars.count, megabytes, megabytes / many, Double(jars.count) / many, cores, megabytes / one, Double(jars.count) / one, one / many)
}

if let index = arguments.firstIndex(of: "--jars"), index + 1 < arguments.count {
    let folder = URL(fileURLWithPath: arguments[index + 1])
    let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".jar") }.sorted()
    let jars = try names.map { try Data(contentsOf: folder.appendingPathComponent($0)) }
    print(try await multiCoreLine("the jars in \(folder.lastPathComponent)", jars, rounds: 1))
    exit(0)
}

let large = FixtureMod.large()
let jars = FixtureMod.eras.map(\.jar) + [large.jar]
let totalBytes = jars.reduce(0) { $0 + $1.count }
let rounds = 5

// Baseline: open each jar and read every entry (CRC checked), converting nothing.
var baseline = Duration.zero
for _ in 0..<rounds {
    let start = ContinuousClock.now
    for jar in jars {
        let archive = try JarArchive(data: jar)
        for name in archive.entryNames { _ = try archive.read(name) }
    }
    baseline += ContinuousClock.now - start
}

var conversion = Duration.zero
var largeTimes: [Double] = []
for _ in 0..<rounds {
    for (index, jar) in jars.enumerated() {
        let start = ContinuousClock.now
        _ = try await ConversionEngine().convert(jar: jar)
        let elapsed = ContinuousClock.now - start
        conversion += elapsed
        if index == jars.count - 1 { largeTimes.append(seconds(elapsed)) }
    }
}

let megabytes = Double(totalBytes * rounds) / 1_048_576
let convertSeconds = seconds(conversion)
let baselineSeconds = seconds(baseline)
largeTimes.sort()
print("engine: \(jars.count) jars (\(String(format: "%.2f", Double(totalBytes) / 1_048_576)) MB) × \(rounds) rounds")
print(String(format: "engine: conversion %.1f MB/s, %.1f jars/s", megabytes / convertSeconds, Double(jars.count * rounds) / convertSeconds))
print(String(format: "engine: baseline (read every entry, no conversion) %.1f MB/s; conversion takes %.1f× the baseline's time", megabytes / baselineSeconds, convertSeconds / baselineSeconds))
print(String(format: "engine: large mod (%.2f MB, %d entries) median %.3f s, worst %.3f s (budget 1 s: %.2f×)",
             Double(large.jar.count) / 1_048_576, large.files.count, largeTimes[largeTimes.count / 2], largeTimes.last!, largeTimes[largeTimes.count / 2] / 1.0))

// Both cores inside one conversion (issue 21): the large fixture, and a set of real-size mods.
print(try await multiCoreLine("the large fixture", [large.jar], rounds: 3))
let realSize = [8, 12, 18, 25, 35, 50, 70, 90, 120, 150, 200, 260].enumerated().map { index, blocks in
    FixtureMod.large(blocks: blocks, items: blocks / 2 + index * 10).jar
}
print(try await multiCoreLine("a real-size set", realSize, rounds: 2))

// Previews (issue 19): a 500-block, 100-item mod converted with previews drawn, against the same
// conversion without them, in the same run. Goal: previews add at most 30 %.
let fiveHundred = FixtureMod.large(blocks: 500, items: 100).jar
var plainTimes: [Double] = []
var previewTimes: [Double] = []
var drawnImages = 0
for _ in 0..<3 {
    var start = ContinuousClock.now
    _ = try await ConversionEngine().convert(jar: fiveHundred)
    plainTimes.append(seconds(ContinuousClock.now - start))
    start = ContinuousClock.now
    let drawn = try await ConversionEngine().convert(jar: fiveHundred, options: ConversionOptions(previews: true))
    previewTimes.append(seconds(ContinuousClock.now - start))
    drawnImages = drawn.previews.count
}
plainTimes.sort()
previewTimes.sort()
let plainMedian = plainTimes[1], previewMedian = previewTimes[1]
print(String(format: "engine: previews for a 500-block mod (%d images): %.3f s with, %.3f s without (baseline): +%.0f %% (goal ≤ 30 %%)",
             drawnImages, previewMedian, plainMedian, (previewMedian / plainMedian - 1) * 100))
