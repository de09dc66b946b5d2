import ConversionEngine
import EngineFixtures
import Foundation

// `make bench` (engine part): converts the fixture set with a release build and prints MB/s of
// jar input and jars/s, against a baseline measured in the same run: reading every entry of the
// same jars (no conversion). `--write-large PATH` writes the large fixture jar for the
// peak-memory measurement under /usr/bin/time -v.

let arguments = CommandLine.arguments
if let index = arguments.firstIndex(of: "--write-large"), index + 1 < arguments.count {
    try FixtureMod.large().jar.write(to: URL(fileURLWithPath: arguments[index + 1]))
    exit(0)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
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
