import HTTPTypes
import Hummingbird
import Tracing

/// A server span per request, continuing the caller's `traceparent`; everything the handler does
/// runs inside it.
///
/// Unlike Hummingbird's `TracingMiddleware`, it leaves a body of known length as it is: the span
/// ends when the handler returns. Hummingbird writes a single-buffer body together with its head
/// in one write; wrapping the body to end the span after it is written would split that into a
/// head write and a body write, and a process killed between the two would leave nginx (and the
/// client) a head with no body. A body of unknown length (a stream) is wrapped, so that its span
/// covers the streaming too.
public struct RequestTracingMiddleware<Context: RequestContext>: RouterMiddleware {
    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var parent = InstrumentationContext.current ?? InstrumentationContext.topLevel
        InstrumentationSystem.instrument.extract(request.headers, into: &parent, using: FieldsExtractor())
        let span = startSpan("HTTP \(request.method.rawValue) route not found", context: parent, ofKind: .server)
        span.updateAttributes { attributes in
            attributes["http.request.method"] = request.method.rawValue
            attributes["url.path"] = request.uri.path
            attributes["http.request.body.size"] = request.headers[.contentLength].flatMap { Int($0) }
            if let address = (context as? any RemoteAddressRequestContext)?.remoteAddress {
                attributes["net.sock.peer.addr"] = address.ipAddress
                attributes["net.sock.peer.port"] = address.port
            }
        }
        do {
            var response = try await InstrumentationContext.$current.withValue(span.context) {
                try await next(request, context)
            }
            if let route = context.endpointPath { span.operationName = route }
            span.updateAttributes { attributes in
                attributes["http.route"] = context.endpointPath
                attributes["http.response.status_code"] = Int(response.status.code)
                attributes["http.response.body.size"] = response.body.contentLength
            }
            guard response.body.contentLength == nil else {
                span.end()
                return response
            }
            let body = response.body
            let ending = SpanEnding(span)
            response.body = ResponseBody { writer in
                defer { ending.end() }
                try await body.write(writer)
            }
            return response
        } catch {
            if let route = context.endpointPath { span.operationName = route }
            let status = (error as? any HTTPResponseError)?.status.code ?? 500
            span.updateAttributes { attributes in
                attributes["http.route"] = context.endpointPath
                attributes["http.response.status_code"] = status
            }
            if status >= 500 { span.setStatus(.init(code: .error)) }
            span.recordError(error)
            span.end()
            throw error
        }
    }
}

/// Ends a streamed answer's span once, when the stream is written or, if it never is, when the
/// answer is dropped.
private final class SpanEnding: @unchecked Sendable {
    private var span: (any Span)?

    init(_ span: any Span) { self.span = span }

    /// Called from the one task that writes the body.
    func end() {
        span?.end()
        span = nil
    }

    deinit { span?.end() }
}

/// Reads `traceparent` (and whatever else the installed instrument reads) from the request head.
private struct FieldsExtractor: Extractor {
    func extract(key name: String, from headers: HTTPFields) -> String? {
        HTTPField.Name(name).flatMap { headers[$0] }
    }
}
