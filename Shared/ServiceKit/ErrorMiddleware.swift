import Hummingbird
import Logging

/// Turns every error into the one JSON error shape, and logs what the caller did not cause.
///
/// ``AppError`` keeps its status and code; Hummingbird's own `HTTPError` (404 for unknown routes,
/// 413 for oversized bodies, …) gets the code for its status; anything else is logged at `error`
/// with the request id and answered as a 500 `internal_error` that reveals nothing.
public struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as AppError {
            if error.status.code >= 500 {
                context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            }
            return error.response(requestID: context.requestID)
        } catch let error as HTTPError {
            let message = error.body ?? Self.defaultMessage(for: error.status)
            return AppError(error.status, code: error.status.errorCode, message: message, headers: error.headers)
                .response(requestID: context.requestID)
        } catch {
            context.logger.error("unexpected error", metadata: [
                "error": "\(String(reflecting: error))", "path": "\(request.uri.path)", "method": "\(request.method)",
            ])
            return AppError(.internalServerError, code: "internal_error", message: "an internal error occurred")
                .response(requestID: context.requestID)
        }
    }

    private static func defaultMessage(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: "no route matches this path"
        case 405: "method not allowed on this path"
        case 413: "request body too large"
        default: status.reasonPhrase
        }
    }
}
