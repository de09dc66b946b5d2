import Contracts
import GatewayApp
import ServiceKit

await ServiceMain.run(service: .gateway, settings: GatewayApplication.settings) { settings, registry, logger in
    GatewayApplication.buildApplication(settings, registry: registry, logger: logger)
}
