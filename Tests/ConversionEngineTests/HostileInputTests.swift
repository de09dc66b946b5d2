import ConversionEngine
import EngineFixtures
import Foundation
import Testing
import TestSupport

/// Every hostile input CONVERSION.md lists gets its precise error, in process and from the CLI,
/// and nothing is written outside the output folder.
@Suite("Hostile and broken input", .serialized)
struct HostileInputTests {
    static let names = HostileFixture.all.map(\.name)

    static func fixture(_ name: String) throws -> HostileFixture {
        try #require(HostileFixture.all.first { $0.name == name })
    }

    @Test(arguments: names)
    func theEngineNamesTheEntryAndTheRule(name: String) async throws {
        let fixture = try Self.fixture(name)
        switch fixture.outcome {
        case .refused(let fragments):
            do {
                _ = try await ConversionEngine().convert(jar: fixture.jar)
                Issue.record("\(name) was not refused")
            } catch {
                let message = "\(error)"
                for fragment in fragments { #expect(message.contains(fragment), "\(message)") }
                #expect(!message.contains("\n"))
            }
        case .featureFails(let kind, let fragments):
            let result = try await ConversionEngine().convert(jar: fixture.jar)
            let failed = result.report.features.filter { $0.kind == kind && $0.status == .failed }
            #expect(failed.count == 1, "\(result.report.features)")
            let reason = failed.first?.assumption?.reason ?? ""
            for fragment in fragments { #expect(reason.contains(fragment), "\(reason)") }
            #expect(result.crossReferenceProblems.isEmpty)
            try await EngineTestSupport.expectValid(result.addon, name)
        }
    }

    @Test(arguments: names)
    func theCLIExitsNonZeroWithOneLineAndWritesOnlyItsOutput(name: String) async throws {
        let fixture = try Self.fixture(name)
        guard name != "json-50mb-whitespace", name != "zip-bomb-entries" else { return }  // covered in process; large to write twice
        let folder = try EngineTestSupport.temporaryFolder("hostile-\(name)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let work = folder.appendingPathComponent("job")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        try fixture.jar.write(to: folder.appendingPathComponent("input.jar"))
        let result = try await runProcess(
            EngineTestSupport.conversionBinary, ["convert", "../input.jar", "-o", "out.mcaddon", "--report", "report.json"],
            timeout: .seconds(120), currentDirectory: work.path)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1, "\(result.stderr)")
        switch fixture.outcome {
        case .refused:
            #expect(result.status == 1)
            #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).isEmpty)
        case .featureFails:
            #expect(result.status == 3)
            #expect(try FileManager.default.contentsOfDirectory(atPath: work.path).sorted() == ["out.mcaddon", "report.json"])
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["input.jar", "job"])
        #expect(!FileManager.default.fileExists(atPath: "/tmp/evil.txt"))
    }

    @Test func archivesNestedThreeDeepAreAccepted() async throws {
        var inner = ZipWriter()
        inner.add("x.txt", Data("x".utf8))
        var data = inner.finish()
        for level in [2, 1, 0] {
            var writer = ZipWriter()
            writer.add("META-INF/jarjar/level\(level).jar", data)
            data = writer.finish()
        }
        let result = try await ConversionEngine().convert(jar: data)
        #expect(result.report.warnings.contains { $0.contains("bundled library") })
    }
}

/// The CLI converts the same jar to identical bytes in two processes with different working
/// folders and time zones.
@Suite("The offline converter", .serialized)
struct ConvertCommandTests {
    @Test func twoProcessesInDifferentFoldersAndTimeZonesWriteIdenticalBytes() async throws {
        let folder = try EngineTestSupport.temporaryFolder("determinism")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jar = folder.appendingPathComponent("gemcraft.jar")
        try FixtureMod.forge120.jar.write(to: jar)
        var outputs: [Data] = []
        for (index, zone) in ["UTC", "Pacific/Kiritimati"].enumerated() {
            let work = folder.appendingPathComponent("run\(index)")
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let result = try await runProcess(
                EngineTestSupport.conversionBinary, ["convert", jar.path, "-o", "gemcraft.mcaddon", "--report", "report.json", "--report-html", "report.html", "--report-csv", "report.csv"],
                environment: ["TZ": zone], currentDirectory: work.path)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("converted gemcraft 2.3.1"))
            outputs.append(try Data(contentsOf: work.appendingPathComponent("gemcraft.mcaddon")))
            let report = try LenientJSONParser().parse(try Data(contentsOf: work.appendingPathComponent("report.json")))
            #expect(report["mod"]?["id"] == .string("gemcraft"))
            #expect(try String(contentsOf: work.appendingPathComponent("report.html"), encoding: .utf8).contains("<table"))
            #expect(try String(contentsOf: work.appendingPathComponent("report.csv"), encoding: .utf8).hasPrefix("kind,"))
        }
        #expect(outputs.count == 2)
        #expect(outputs[0] == outputs[1])
        let validation = try await EngineTestSupport.validateBedrock(folder.appendingPathComponent("run0/gemcraft.mcaddon").path)
        #expect(validation.status == 0, "\(validation.stdout)")
    }

    @Test func badArgumentsGetOneLine() async throws {
        let missing = try await runProcess(EngineTestSupport.conversionBinary, ["convert", "/nonexistent.jar", "-o", "/tmp/x.mcaddon"])
        #expect(missing.status == 1)
        #expect(missing.stderr.hasPrefix("conversion: cannot read /nonexistent.jar"))
        let noOutput = try await runProcess(EngineTestSupport.conversionBinary, ["convert", "a.jar"])
        #expect(noOutput.status == 1)
        #expect(noOutput.stderr.split(separator: "\n").count == 1)
    }

    @Test func helpNamesEveryCommandAndUnknownCommandsAreRefused() async throws {
        for arguments in [["--help"], ["-h"], ["help"]] {
            let help = try await runProcess(EngineTestSupport.conversionBinary, arguments, environment: [:], replaceEnvironment: true)
            #expect(help.status == 0, "\(arguments): \(help.stderr)")
            #expect(help.stdout.contains("usage: conversion"))
            #expect(help.stdout.contains("conversion convert MOD.jar -o OUT.mcaddon"))
            #expect(help.stderr.isEmpty)
        }
        for arguments in [["help", "convert"], ["convert", "--help"]] {
            let help = try await runProcess(EngineTestSupport.conversionBinary, arguments, environment: [:], replaceEnvironment: true)
            #expect(help.status == 0, "\(arguments)")
            #expect(help.stdout.contains("--output") && help.stdout.contains("--previews"), "\(arguments): \(help.stdout)")
        }
        let unknown = try await runProcess(EngineTestSupport.conversionBinary, ["covert", "a.jar"], environment: [:], replaceEnvironment: true)
        #expect(unknown.status == 2)
        #expect(unknown.stderr == "conversion: unknown command \"covert\"; conversion --help lists what it runs\n")
        let folder = URL(fileURLWithPath: EngineTestSupport.conversionBinary).deletingLastPathComponent()
        for program in ["gateway", "auth", "realtime", "ai-engine"] {
            let help = try await runProcess(folder.appendingPathComponent(program).path, ["--help"], environment: [:], replaceEnvironment: true)
            #expect(help.status == 0, "\(program): \(help.stderr)")
            #expect(help.stdout.hasPrefix("usage: \(program)"), "\(program)")
        }
        let aiHelp = try await runProcess(folder.appendingPathComponent("ai-engine").path, ["help"], environment: [:], replaceEnvironment: true)
        #expect(aiHelp.stdout.contains("ai-engine deploy SHIPPED") && aiHelp.stdout.contains("ai-engine featurize"))
    }

    @Test func theOutputFolderIsMadeOrTheFailureNamesTheFile() async throws {
        let folder = try EngineTestSupport.temporaryFolder("output-folders")
        defer { try? FileManager.default.removeItem(at: folder) }
        let jar = folder.appendingPathComponent("gemcraft.jar")
        try FixtureMod.forge120.jar.write(to: jar)
        let nested = folder.appendingPathComponent("new/deeper/gemcraft.mcaddon")
        let made = try await runProcess(EngineTestSupport.conversionBinary, ["convert", jar.path, "-o", nested.path])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: nested.path))
        let blocked = folder.appendingPathComponent("gemcraft.jar/inside.mcaddon")
        let refused = try await runProcess(EngineTestSupport.conversionBinary, ["convert", jar.path, "-o", blocked.path])
        #expect(refused.status == 1)
        #expect(refused.stderr.hasPrefix("conversion: cannot write \(blocked.path): its folder \(jar.path) cannot be made"), "\(refused.stderr)")
        #expect(refused.stderr.split(separator: "\n").count == 1)
    }
}
