import NIOCore
import Synchronization

/// Hands a one-shot request body (an upload streamed through a service) to the HTTP client, one
/// chunk at a time, so that the incoming body is only ever read by a task the handler owns.
///
/// Why: AsyncHTTPClient reads a streamed request body from an unstructured task of its own that
/// can still be inside `next()` after the exchange ended (the upstream answered, or failed, before
/// the body was through). Hummingbird then drains the same connection's request parts to reach the
/// next request; two readers suspended on one inbound stream trap the process ("only allow a single
/// Iterator"). With a relay, the client reads the relay; the handler's own ``pump(_:)`` task reads
/// the request and is awaited before the handler returns.
///
/// One producer (``pump(_:)``) and one consumer (the HTTP client, through ``chunks``). The producer
/// waits until its chunk is taken (back-pressure: at most one chunk is held), and stops once the
/// consumer side is ``close()``d.
public final class BodyRelay: Sendable {
    private enum End {
        case open
        /// The whole body went out.
        case complete
        case failed(any Error)
    }

    private struct State {
        var pending: ByteBuffer?
        var producer: CheckedContinuation<Bool, Never>?
        var consumer: CheckedContinuation<ByteBuffer?, any Error>?
        var end = End.open
        var closed = false
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the pump read the request body to its end.
    public var bodyEnded: Bool {
        state.withLock { state in
            if case .complete = state.end { return true }
            return false
        }
    }

    /// Reads `body` to its end (or until ``close()``), handing each chunk over. Never throws: a
    /// failure to read the body ends the relay with that error, which the consumer sees.
    public func pump<Body: AsyncSequence>(_ body: Body) async where Body.Element == ByteBuffer {
        do {
            for try await chunk in body {
                guard await send(chunk) else { return finish(RelayClosed()) }
            }
            finish(nil)
        } catch {
            finish(error)
        }
    }

    /// Stops the relay from the consumer's side: a waiting producer is released (and stops after
    /// the read it is in), a waiting consumer gets ``RelayClosed``. A body that already ended is
    /// still delivered to its end.
    public func close() {
        let (producer, consumer) = state.withLock { state -> (CheckedContinuation<Bool, Never>?, CheckedContinuation<ByteBuffer?, any Error>?) in
            state.closed = true
            state.pending = nil
            let waiting = (state.producer, state.consumer)
            state.producer = nil
            state.consumer = nil
            return waiting
        }
        producer?.resume(returning: false)
        consumer?.resume(throwing: RelayClosed())
    }

    /// The next chunk for the consumer; `nil` at the end of the body.
    func next() async throws -> ByteBuffer? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ByteBuffer?, any Error>) in
            enum Action { case chunk(ByteBuffer, CheckedContinuation<Bool, Never>?), end((any Error)?), wait }
            // A body that already ended is delivered to its end even after `close()`.
            let action = state.withLock { state -> Action in
                if let chunk = state.pending {
                    state.pending = nil
                    let producer = state.producer
                    state.producer = nil
                    return .chunk(chunk, producer)
                }
                switch state.end {
                case .complete: return .end(nil)
                case .failed(let error): return .end(error)
                case .open: break
                }
                if state.closed { return .end(RelayClosed()) }
                state.consumer = continuation
                return .wait
            }
            switch action {
            case .chunk(let chunk, let producer):
                producer?.resume(returning: true)
                continuation.resume(returning: chunk)
            case .end(let error):
                if let error { continuation.resume(throwing: error) } else { continuation.resume(returning: nil) }
            case .wait:
                break
            }
        }
    }

    /// The relay as the body sequence an `HTTPClientRequest` streams.
    public var chunks: Chunks { Chunks(relay: self) }

    /// The consumer's side as an `AsyncSequence`.
    public struct Chunks: AsyncSequence, Sendable {
        public typealias Element = ByteBuffer
        let relay: BodyRelay
        public struct AsyncIterator: AsyncIteratorProtocol {
            let relay: BodyRelay
            public mutating func next() async throws -> ByteBuffer? { try await relay.next() }
        }
        public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(relay: relay) }
    }

    /// Offers a chunk; `false` once the consumer side is closed.
    private func send(_ chunk: ByteBuffer) async -> Bool {
        await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            enum Action { case closed, handed(CheckedContinuation<ByteBuffer?, any Error>), wait }
            let action = state.withLock { state -> Action in
                if state.closed { return .closed }
                if let consumer = state.consumer {
                    state.consumer = nil
                    return .handed(consumer)
                }
                state.pending = chunk
                state.producer = continuation
                return .wait
            }
            switch action {
            case .closed: continuation.resume(returning: false)
            case .handed(let consumer):
                consumer.resume(returning: chunk)
                continuation.resume(returning: true)
            case .wait: break
            }
        }
    }

    private func finish(_ error: (any Error)?) {
        let consumer = state.withLock { state -> CheckedContinuation<ByteBuffer?, any Error>? in
            guard case .open = state.end else { return nil }
            state.end = error.map(End.failed) ?? .complete
            let consumer = state.consumer
            state.consumer = nil
            return consumer
        }
        guard let consumer else { return }
        if let error { consumer.resume(throwing: error) } else { consumer.resume(returning: nil) }
    }

    /// The relay was closed before the body ended: the exchange it fed is over.
    public struct RelayClosed: Error, CustomStringConvertible {
        public init() {}
        public var description: String { "the request body relay was closed before the body ended" }
    }
}
