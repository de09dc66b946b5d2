import Hummingbird
import Logging

/// Logs one line per finished request — method, route, status, duration — with the request id
/// that ``RequestIDMiddleware`` put in the logger. Probes (`/health/*`, `/metrics`) log at
/// `debug` so that scrapes do not drown the rest. Never logs headers, query strings or bodies.
public struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let response = try await next(request, context)
        let path = request.uri.path
        let level: Logger.Level = path.hasPrefix("/health/") || path == "/metrics" ? .debug : .info
        context.logger.log(level: level, "request", metadata: [
            "method": "\(request.method.rawValue)",
            "route": "\(context.endpointPath ?? "unmatched")",
            "status": "\(response.status.code)",
            "duration_ms": "\((clock.now - start).milliseconds)",
        ])
        return response
    }
}
