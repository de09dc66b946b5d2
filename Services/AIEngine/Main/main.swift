import Contracts
import AIEngineService
import ServiceKit

await ServiceMain.run(service: .aiEngine, settings: AIEngineApplication.settings) { settings, registry, logger in
    AIEngineApplication.buildApplication(settings, registry: registry, logger: logger)
}
