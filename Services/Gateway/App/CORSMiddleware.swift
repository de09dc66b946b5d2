import HTTPTypes
import Hummingbird

/// Cross-origin access for the origins in an allow-list (`CORS_ALLOWED_ORIGINS`), and for no
/// other: an allowed origin gets its own origin echoed with credentials allowed (the refresh cookie)
/// and the rate-limit and request-id headers exposed; a preflight from it is answered here (204).
/// A request from any other origin gets no CORS header, so the browser keeps the answer from it.
public struct CORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowed: Set<String>

    public init(allowedOrigins: Set<String>) {
        allowed = allowedOrigins
    }

    static var allowMethods: String { "GET, POST, PATCH, PUT, DELETE, OPTIONS" }
    static var allowHeaders: String { "Authorization, Content-Type, X-CSRF-Token, X-Request-ID" }
    static var exposeHeaders: String { "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, X-Request-ID, Location, ETag" }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let permitted = allowed.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            var response = Response(status: .noContent)
            response.headers[.vary] = "Origin"
            if permitted {
                decorate(&response, origin: origin)
                response.headers[.accessControlAllowMethods] = Self.allowMethods
                response.headers[.accessControlAllowHeaders] = Self.allowHeaders
                response.headers[.accessControlMaxAge] = "600"
            }
            return response
        }
        var response = try await next(request, context)
        response.headers[.vary] = "Origin"
        if permitted { decorate(&response, origin: origin) }
        return response
    }

    private func decorate(_ response: inout Response, origin: String) {
        response.headers[.accessControlAllowOrigin] = origin
        response.headers[.accessControlAllowCredentials] = "true"
        response.headers[.accessControlExposeHeaders] = Self.exposeHeaders
    }
}
