import AuthApp
import Contracts
import ServiceKit

await ServiceMain.run(service: .auth, settings: AuthApplication.settings) { settings, registry, logger in
    try await AuthApplication.buildApplication(settings, registry: registry, logger: logger)
}
