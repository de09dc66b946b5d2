import Contracts
import ConversionService
import Foundation
import ServiceKit

// `conversion convert MOD.jar -o OUT.mcaddon [--report report.json]` runs the engine offline;
// `conversion --help` (or `help [convert]`) prints the usage; with no arguments the executable is
// the conversion service.
let arguments = Array(CommandLine.arguments.dropFirst())
let commands = [ServiceUsage.Command("convert", "MOD.jar -o OUT.mcaddon [options]", "convert a mod jar into a Bedrock add-on, offline (conversion convert --help)")]
if case .command = ServiceUsage.handle(ServiceUsage.decide(arguments, service: .conversion, commands: commands)) {
    exit(await ConvertCommand.main(arguments.first == "convert" ? Array(arguments.dropFirst()) : ["--help"]))
}

await ServiceMain.run(ConversionApplication.self)
