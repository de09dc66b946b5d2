import GatewayApp
import ServiceKit

await ServiceMain.run(GatewayApplication.self)
