import ArgumentParser
import ConversionEngine
import Foundation

/// The offline converter: `conversion convert MOD.jar -o OUT.mcaddon [--report report.json]`.
///
/// Exit status: 0 converted; 1 the jar was refused or a file could not be read or written (one line
/// on standard error says which entry and which rule); 3 the add-on was written but some features
/// failed (one line names the first; the report lists them all).
struct ConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conversion convert", abstract: "Convert a Java Edition mod jar into a Bedrock add-on, offline.")

    @Argument(help: "The mod jar (.jar or .zip).")
    var jar: String

    @Option(name: .shortAndLong, help: "Where to write the .mcaddon.")
    var output: String

    @Option(help: "Write the conversion report as JSON here.")
    var report: String?

    @Option(help: "Write the report as HTML here.")
    var reportHTML: String?

    @Option(help: "Write the report as CSV here.")
    var reportCSV: String?

    @Option(help: "Bedrock min_engine_version, e.g. 1.21.40.")
    var targetEngine: String?

    @Option(help: "Namespace for the Bedrock ids instead of the mod's.")
    var namespace: String?

    @Option(help: "Draw every block and item, Java beside Bedrock, into this folder (<name>.png and previews.json).")
    var previews: String?

    /// Parses `arguments`, converts, and returns the exit status.
    static func main(_ arguments: [String]) async -> Int32 {
        let command: ConvertCommand
        do {
            command = try parse(arguments)
        } catch {
            let message = fullMessage(for: error)
            let status = exitCode(for: error)
            if status == .success {
                print(message)
                return 0
            }
            FileHandle.standardError.write(Data("conversion: \(message.split(separator: "\n").first ?? "")\n".utf8))
            return 1
        }
        return await command.execute()
    }

    private func execute() async -> Int32 {
        func fail(_ message: String) -> Int32 {
            FileHandle.standardError.write(Data("conversion: \(message)\n".utf8))
            return 1
        }
        var options = ConversionOptions()
        if let targetEngine {
            let parts = targetEngine.split(separator: ".").compactMap { Int($0) }
            guard parts.count == 3, parts[0] >= 1 else { return fail("--target-engine must look like 1.21.40") }
            options.minEngineVersion = parts
        }
        if let namespace {
            guard !namespace.isEmpty, namespace.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }) else {
                return fail("--namespace must be lower-case letters, digits and _")
            }
            options.namespaceOverride = namespace
        }
        options.previews = previews != nil
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: jar), options: .mappedIfSafe)
        } catch {
            return fail("cannot read \(jar): \(error.localizedDescription)")
        }
        let result: ConversionResult
        do {
            result = try await ConversionEngine().convert(jar: data, options: options)
        } catch {
            return fail("\(jar) refused: \(error)")
        }
        do {
            try Self.writeAtomically(result.addon, to: output)
            if let report { try Self.writeAtomically(Data(result.report.json.utf8), to: report) }
            if let reportHTML { try Self.writeAtomically(Data(result.report.html(previewImages: result.previews).utf8), to: reportHTML) }
            if let reportCSV { try Self.writeAtomically(Data(result.report.csv.utf8), to: reportCSV) }
            if let previews {
                for (name, image) in result.previews.sorted(by: { $0.key < $1.key }) {
                    try Self.writeAtomically(image, to: URL(fileURLWithPath: previews).appendingPathComponent(name + ".png").path)
                }
                try Self.writeAtomically(Data(result.report.previewsJSON.utf8), to: URL(fileURLWithPath: previews).appendingPathComponent("previews.json").path)
            }
        } catch let failure as WriteFailure {
            return fail("cannot write \(failure.path): \(failure.cause)")
        } catch {
            return fail("cannot write the output: \(error.localizedDescription)")
        }
        let report = result.report
        let failed = report.features.filter { $0.status == .failed }
        if let first = failed.first {
            let reason = first.assumption?.reason ?? "failed"
            FileHandle.standardError.write(Data("conversion: \(failed.count) feature(s) failed, first \(first.kind.rawValue) \(first.javaID): \(reason)\n".utf8))
            return 3
        }
        let counts = [ConversionReport.Kind.block, .item, .recipe].map { "\(report.count($0, .converted) + report.count($0, .approximated)) \($0.rawValue)s" }
        print("converted \(report.metadata.modID) \(report.metadata.version): \(counts.joined(separator: ", ")), score \(JSONWriter.write(.number(report.score)).dropLast()) → \(output)"
            + (report.nothingToConvert ? " (nothing to convert)" : ""))
        return 0
    }

    /// Writes beside the target and renames, so a reader never sees half a file; missing parent
    /// folders are made.
    /// - Throws: ``WriteFailure`` naming the file and the cause.
    static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw WriteFailure(path: path, cause: "its folder \(folder.path) cannot be made (\(error.localizedDescription))")
        }
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).partial")
        do {
            try data.write(to: temporary)
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw WriteFailure(path: path, cause: error.localizedDescription)
        }
    }
}

/// A file the converter could not write: which, and why (one line).
struct WriteFailure: Error {
    let path: String
    let cause: String
}
