import Contracts
import Hummingbird
import HTTPTypes
import NIOCore
import NIOEmbedded
import Prometheus
import ServiceKit
import Testing
import TestSupport

/// How Hummingbird will write an answer: a single-buffer body goes out with its head in one
/// write; any other body is written after the head, in writes of its own. The case is read by
/// reflection, because Hummingbird keeps it internal.
private func writtenInOneWrite(_ body: ResponseBody) -> Bool {
    guard let backing = Mirror(reflecting: body).children.first(where: { $0.label == "_backing" })?.value else {
        Issue.record("ResponseBody no longer has a _backing field; this test needs another way to tell")
        return false
    }
    let description = String(describing: backing)
    return description.hasPrefix("byteBuffer(") || description == "empty"
}

/// Runs one request through `router`'s whole middleware chain and returns the answer unwritten.
private func answer<Responder: HTTPResponder>(_ responder: Responder, path: String) async throws -> Response
where Responder.Context == BasicRequestContext {
    let request = Request(head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path), body: .init(buffer: ByteBuffer()))
    let context = BasicRequestContext(source: .init(channel: EmbeddedChannel(), logger: testLogger()))
    return try await responder.respond(to: request, context: context)
}

private func router(with middleware: (Router<BasicRequestContext>) -> Void = { _ in }) -> Router<BasicRequestContext> {
    let router = ServiceRouter.make(
        context: BasicRequestContext.self, service: .auth, metrics: HTTPMetrics(registry: PrometheusCollectorRegistry()), checks: [],
        readinessTimeout: .milliseconds(300))
    middleware(router)
    router.get("/buffered") { _, _ in "a whole answer" }
    router.get("/refused") { _, _ -> String in throw AppError(.conflict, code: "already_exists", message: "it exists") }
    router.get("/stream") { _, _ in
        let (parts, writer) = AsyncStream.makeStream(of: ByteBuffer.self)
        writer.yield(ByteBuffer(string: "part one, "))
        writer.yield(ByteBuffer(string: "part two"))
        writer.finish()
        return Response(status: .ok, body: ResponseBody(asyncSequence: parts))
    }
    return router
}

/// A replica killed between writing an answer's head and its body leaves the client a head with no
/// body (nginx has passed the head on and cannot take it back): `test_contract_under_restarts` saw
/// it once in CI. Answers of known size must therefore leave the middleware chain as one buffer.
@Suite("Shared service router: answers are written whole")
struct ResponseWriteTests {
    @Test func aBufferedAnswerAndAnErrorLeaveTheChainAsOneWrite() async throws {
        let responder = router().buildResponder()
        let whole = try await answer(responder, path: "/buffered")
        #expect(whole.status == .ok)
        #expect(writtenInOneWrite(whole.body))
        let refused = try await answer(responder, path: "/refused")
        #expect(refused.status == .conflict)
        #expect(writtenInOneWrite(refused.body))
        let health = try await answer(responder, path: "/health/live")
        #expect(writtenInOneWrite(health.body))
    }

    @Test func aStreamStillStreamsWhole() async throws {
        let responder = router().buildResponder()
        let streamed = try await answer(responder, path: "/stream")
        #expect(!writtenInOneWrite(streamed.body))
        #expect(streamed.body.contentLength == nil)
    }

    /// The check above can fail: Hummingbird's own tracing middleware, which ends its span after the
    /// body is written, splits the head from the body.
    @Test func hummingbirdsTracingMiddlewareWouldSplitTheWrite() async throws {
        let responder = router { $0.add(middleware: TracingMiddleware()) }.buildResponder()
        let split = try await answer(responder, path: "/buffered")
        #expect(split.status == .ok)
        #expect(!writtenInOneWrite(split.body))
    }
}
