import Contracts
import ConversionService
import Foundation
import ServiceKit

// `conversion convert MOD.jar -o OUT.mcaddon [--report report.json]` runs the engine offline; with
// no arguments the executable is the conversion service.
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "convert" {
    exit(await ConvertCommand.main(Array(CommandLine.arguments.dropFirst(2))))
}

await ServiceMain.run(service: .conversion, settings: ConversionApplication.settings) { settings, registry, logger in
    try ConversionApplication.buildApplication(settings, registry: registry, logger: logger)
}
