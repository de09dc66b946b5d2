import Contracts
import ConversionService
import ServiceKit

await ServiceMain.run(service: .conversion, settings: ConversionApplication.settings) { settings, registry, logger in
    ConversionApplication.buildApplication(settings, registry: registry, logger: logger)
}
