import Hummingbird

/// Records ``HTTPMetrics`` for every request, labelled by the matched route pattern (never the
/// raw path, which would make a series per id). Unmatched paths share the route `unmatched`.
///
/// Place it inside ``ErrorMiddleware``'s caller side (i.e. add it before) so errors are counted
/// with the status the client really receives.
public struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics

    public init(metrics: HTTPMetrics) {
        self.metrics = metrics
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        let route: () -> String = {
            guard let path = context.endpointPath, path != "NotFound" else { return "unmatched" }
            return path
        }
        do {
            let response = try await next(request, context)
            metrics.record(method: request.method.rawValue, route: route(), status: response.status.code, duration: clock.now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            metrics.record(method: request.method.rawValue, route: route(), status: status, duration: clock.now - start)
            throw error
        }
    }
}
