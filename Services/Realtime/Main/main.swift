import RealtimeService
import ServiceKit

await ServiceMain.run(RealtimeApplication.self)
