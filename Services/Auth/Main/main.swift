import Contracts
import AuthApp
import ServiceKit

await ServiceMain.run(service: .auth, settings: AuthApplication.settings) { settings, registry, logger in
    AuthApplication.buildApplication(settings, registry: registry, logger: logger)
}
