import AuthApp
import ServiceKit

await ServiceMain.run(AuthApplication.self)
