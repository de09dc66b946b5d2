import AIEngineService
import Contracts
import Foundation
import ServiceKit

// `ai-engine models register …`, `ai-engine knowledge load FILE`, `ai-engine embed TEXT…` run a
// command (see AIEngineCommands); with no arguments the executable is the ai-engine service.
if CommandLine.arguments.count > 1 {
    exit(await AIEngineCommands.main(Array(CommandLine.arguments.dropFirst())))
}

await ServiceMain.run(service: .aiEngine, settings: AIEngineApplication.settings) { settings, registry, logger in
    AIEngineApplication.buildApplication(settings, registry: registry, logger: logger)
}
