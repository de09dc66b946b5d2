import Hummingbird
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import RedisKit

/// Turns every error into the one JSON error shape, and logs what the caller did not cause.
///
/// ``AppError`` keeps its status and code; Hummingbird's own `HTTPError` (404 for unknown routes,
/// 413 for oversized bodies, …) gets the code for its status; anything else is logged at `error`
/// with the request id and answered as a 500 `internal_error` that reveals nothing — except a store
/// out of reach (Redis, PostgreSQL), answered 503 `dependency_unavailable` with `Retry-After`.
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
        } catch let error where Self.isStoreUnavailable(error) {
            // A store out of reach (Redis restarting, PostgreSQL failing over) is the platform's
            // passing trouble: 503 with Retry-After, so clients try again.
            context.logger.error("store unavailable", metadata: ["error": "\(String(reflecting: error).prefix(300))", "path": "\(request.uri.path)"])
            return AppError.unavailable("a store this needs is unreachable right now; try again", retryAfterSeconds: 2)
                .response(requestID: context.requestID)
        } catch {
            context.logger.error("unexpected error", metadata: [
                "error": "\(String(reflecting: error))", "path": "\(request.uri.path)", "method": "\(request.method)",
            ])
            return AppError(.internalServerError, code: "internal_error", message: "an internal error occurred")
                .response(requestID: context.requestID)
        }
    }

    /// Whether `error` says Redis or PostgreSQL cannot be reached (rather than that a query failed).
    static func isStoreUnavailable(_ error: any Error) -> Bool {
        if let error = error as? RedisError { return error.isUnavailability }
        if let error = error as? PSQLError {
            return [.connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed, .uncleanShutdown].contains(error.code)
        }
        return error is NIOConnectionError || error is ChannelError || error is IOError
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
