import AIInference
import Foundation

/// Dynamic batching: requests arriving together are packed into one forward pass. A batch runs as
/// soon as `maxTexts` texts wait, or `maxWait` after its first request; while one runs on the
/// inference thread the next gathers. Forward passes never run on the Swift concurrency pool.
public actor EmbeddingBatcher {
    struct Pending {
        let model: MiniLM
        let key: (model: String, version: String)
        let texts: [[Int32]]
        let continuation: CheckedContinuation<[[Float]], any Error>
    }

    let maxTexts: Int
    let maxWait: Duration
    let thread = ComputeThread(name: "inference")
    private var pending: [Pending] = []
    private var running = false
    private var timerArmed = false
    let metrics: AIMetrics

    public init(maxTexts: Int, maxWait: Duration, metrics: AIMetrics) {
        self.maxTexts = maxTexts
        self.maxWait = maxWait
        self.metrics = metrics
    }

    /// The embeddings of `texts` (already tokenized) by `model`, registered as `version`.
    public func embed(_ texts: [[Int32]], model: MiniLM, version: ModelVersion) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            pending.append(Pending(model: model, key: (version.model, version.version), texts: texts, continuation: continuation))
            let waiting = pending.reduce(0) { $0 + $1.texts.count }
            if waiting >= maxTexts || maxWait == .zero {
                startBatch()
            } else if !timerArmed {
                timerArmed = true
                Task {
                    try? await Task.sleep(for: maxWait)
                    self.timerFired()
                }
            }
        }
    }

    private func timerFired() {
        timerArmed = false
        startBatch()
    }

    /// Takes the waiting requests for the first one's model (up to `maxTexts` texts, at least one
    /// request) and runs them as one pass, unless a pass is already running.
    private func startBatch() {
        guard !running, let first = pending.first else { return }
        var batch: [Pending] = []
        var count = 0
        var rest: [Pending] = []
        for item in pending {
            if item.model === first.model && (batch.isEmpty || count + item.texts.count <= maxTexts) {
                batch.append(item)
                count += item.texts.count
            } else {
                rest.append(item)
            }
        }
        pending = rest
        running = true
        let model = first.model
        let texts = batch.flatMap(\.texts)
        let metrics = self.metrics
        Task {
            let clock = ContinuousClock()
            let start = clock.now
            let result: Result<[[Float]], any Error>
            do {
                result = .success(try await thread.run { model.embed(tokenized: texts) })
            } catch {
                result = .failure(error)
            }
            metrics.inference(model: first.key.model, version: first.key.version, duration: clock.now - start, texts: texts.count)
            self.finish(batch, result)
        }
    }

    private func finish(_ batch: [Pending], _ result: Result<[[Float]], any Error>) {
        switch result {
        case .success(let vectors):
            var offset = 0
            for item in batch {
                item.continuation.resume(returning: Array(vectors[offset..<(offset + item.texts.count)]))
                offset += item.texts.count
            }
        case .failure(let error):
            for item in batch { item.continuation.resume(throwing: error) }
        }
        running = false
        if !pending.isEmpty { startBatch() }
    }
}
