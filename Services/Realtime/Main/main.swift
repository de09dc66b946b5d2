import Contracts
import RealtimeService
import ServiceKit

await ServiceMain.run(service: .realtime, settings: RealtimeApplication.settings) { settings, registry, logger in
    try RealtimeApplication.buildServices(settings, registry: registry, logger: logger)
}
