import Contracts
import ConversionEngine
import Crypto
import Foundation
import InternalHTTP
import Logging
import Metrics
import ServiceLifecycle

/// The workers of one conversion process: each leases a job, runs the engine on the upload (off
/// the cooperative pool), publishes every stage, heartbeats its lease, and completes or fails the
/// job — all guarded by the lease, so a worker killed mid-job leaves it for another, and a job
/// completes exactly once. A cancel request is seen within half a second and stops the engine at
/// its next stage boundary.
public struct ConversionWorkers: Service {
    let settings: ConversionSettings
    let queue: any JobRepository
    let events: ProgressEvents
    let artifacts: ArtifactStore
    let logger: Logger
    let metrics: ConversionMetrics
    /// The AI hook, when the ai-engine is configured.
    let suggestions: AISuggestions?
    /// This process's name in leases.
    let processID = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"

    /// `suggestions`: the AI hook the upload route also uses (one token cache per process).
    init(settings: ConversionSettings, queue: any JobRepository, events: ProgressEvents, artifacts: ArtifactStore, metrics: ConversionMetrics, logger: Logger,
         suggestions: AISuggestions?) {
        self.suggestions = suggestions
        self.settings = settings
        self.queue = queue
        self.events = events
        self.artifacts = artifacts
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        guard settings.workers > 0 else {
            // An API-only replica: nothing to run, but returning early would end the service group.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                for index in 0..<settings.workers {
                    group.addTask { await loop(worker: "\(processID)-w\(index)") }
                }
            }
        }
    }

    private func loop(worker: String) async {
        var idle = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                if let lease = try await queue.lease(worker: worker, for: settings.lease) {
                    idle = .milliseconds(100)
                    if lease.expiredLease { metrics.leaseExpirations.increment() }
                    // A job whose workers kept dying (a jar that crashes the process) is not tried forever.
                    if lease.attempt > lease.maxAttempts {
                        await finishFailed(lease, worker: worker, code: "worker_lost",
                                           message: "the conversion stopped responding \(lease.attempt - 1) times", retry: false)
                        continue
                    }
                    await process(lease, worker: worker)
                    continue
                }
            } catch is CancellationError {
                return
            } catch {
                logger.warning("queue unavailable", metadata: ["worker": .string(worker), "error": .string("\(error)".prefix(200).description)])
            }
            try? await Task.sleep(for: idle)
            idle = min(idle * 2, .milliseconds(500))
        }
    }

    /// How a job's run ended.
    enum Outcome: Sendable {
        case converted(ConversionResult)
        case refused(ConversionError)
        case cancelled, lost, timedOut
    }

    private func process(_ lease: JobQueue.Lease, worker: String) async {
        let id = lease.conversion
        let start = ContinuousClock.now
        let metadata: Logger.Metadata = ["conversion_id": .string(id.uuidString.lowercased()), "worker": .string(worker), "attempt": .stringConvertible(lease.attempt)]
        logger.info("conversion started", metadata: metadata)
        guard let upload = try? artifacts.uploadURL(lease.sha256), let data = try? Data(contentsOf: upload) else {
            await finishFailed(lease, worker: worker, code: "upload_missing", message: "the upload is no longer in the artifact store", retry: false)
            return
        }
        var requested = (try? ConversionRequestOptions.decode(lease.options).engineOptions) ?? ConversionOptions()
        // Every conversion the platform makes is drawn, Java beside Bedrock, for its report and page.
        requested.previews = true
        let options = requested
        let delay = settings.stageDelay
        let reporter = StageReporter(queue: queue, events: events, conversion: id, worker: worker)
        // A cancel, the time limit or a lost lease stops the engine at its next stage boundary (and
        // cuts a demo stage delay short), so a running job ends within about half a second.
        let stop = StopSignal()
        let outcome: Outcome = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do throws(ConversionError) {
                    let result = try await ConversionEngine(advisor: suggestions).convert(jar: data, options: options, stop: stop) { progress in
                        reporter.report(progress)
                        if delay > .zero { Self.pause(delay, unless: stop) }
                    }
                    return .converted(result)
                } catch .stopped {
                    return nil
                } catch {
                    return .refused(error)
                }
            }
            group.addTask {
                // Heartbeat and cancel checks every half second; the lease is extended each time.
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(500))
                    guard !Task.isCancelled else { return nil }
                    switch try? await queue.heartbeat(id, worker: worker, for: settings.lease) {
                    case .cancelled: return .cancelled
                    case .lost: return .lost
                    default: continue
                    }
                }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: settings.timeLimit)
                return Task.isCancelled ? nil : .timedOut
            }
            var outcome: Outcome = .lost
            for await next in group {
                if let next { outcome = next; break }
            }
            stop.request()
            group.cancelAll()
            return outcome
        }
        await reporter.drain()
        let seconds = (ContinuousClock.now - start)
        switch outcome {
        case .converted(let result):
            await finishConverted(lease, worker: worker, result: result, duration: seconds)
        case .refused(let error):
            await finishFailed(lease, worker: worker, code: "upload_refused", message: error.description, retry: false)
        case .timedOut:
            await finishFailed(lease, worker: worker, code: "time_limit", message: "the conversion took longer than \(settings.timeLimit)", retry: true)
        case .cancelled:
            logger.info("conversion cancelled", metadata: metadata)
            metrics.record(status: .cancelled, duration: seconds)
            // The cancel request already published the `cancelled` event; the job only needs ending.
            do { try await queue.finishCancelled(id, worker: worker) } catch {
                logger.warning("cancelled job not ended; its lease will expire", metadata: metadata.merging(["error": .string("\(error)".prefix(200).description)]) { $1 })
            }
        case .lost:
            logger.warning("lease lost; another worker owns the job", metadata: metadata)
        }
    }

    /// Sleeps `delay` on the engine's thread (the demo stage delay), in slices, until `stop` is requested.
    static func pause(_ delay: Duration, unless stop: StopSignal) {
        let end = ContinuousClock.now + delay
        while !stop.isRequested, ContinuousClock.now < end {
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    private func finishConverted(_ lease: JobQueue.Lease, worker: String, result: ConversionResult, duration: Duration) async {
        let id = lease.conversion
        do {
            let report = result.report
            let key = lease.cacheKey
            var files: [String: Data] = [
                "addon.mcaddon": result.addon, "report.json": Data(report.json.utf8), "report.html": Data(report.html(previewImages: result.previews).utf8),
                "report.csv": Data(report.csv.utf8), "previews.json": Data(report.previewsJSON.utf8),
            ]
            for (name, image) in result.previews { files["previews/\(name).png"] = image }
            try artifacts.storeResult(key: key, files: files)
            let summary = ConversionSummary(report)
            let completed = try await queue.complete(
                id, worker: worker, cacheKey: key, summary: summary.json, resultSHA256: ArtifactStore.hex(SHA256.hash(data: result.addon)),
                resultSize: Int64(result.addon.count), report: report.json, cacheExpiry: Date().addingTimeInterval(Double(settings.retention.components.seconds)))
            guard completed else { return }
            metrics.record(status: .completed, duration: duration)
            for feature in report.features { metrics.feature(kind: feature.kind.rawValue, result: feature.status.rawValue) }
            await events.publish(id, type: .completed, stage: .completed, percent: 100, message: "done", counts: summary.counts, owner: lease.owner)
            logger.info("conversion completed", metadata: ["conversion_id": .string(id.uuidString.lowercased())])
        } catch {
            await finishFailed(lease, worker: worker, code: "storage_error", message: "the result could not be stored", retry: true)
            logger.error("result not stored", metadata: ["conversion_id": .string(id.uuidString.lowercased()), "error": .string("\(error)".prefix(200).description)])
        }
    }

    private func finishFailed(_ lease: JobQueue.Lease, worker: String, code: String, message: String, retry: Bool) async {
        let backoff = Duration.seconds(min(60, 1 << min(lease.attempt, 6)))
        do {
            if try await queue.fail(lease.conversion, worker: worker, code: code, message: message, retry: retry, backoff: backoff) {
                metrics.record(status: .failed, duration: .zero)
                await events.publish(lease.conversion, type: .failed, stage: .failed, percent: 100, message: message, owner: lease.owner)
            }
        } catch {
            logger.error("failure not recorded; the lease will expire and the job run again",
                         metadata: ["conversion_id": .string(lease.conversion.uuidString.lowercased()), "error": .string("\(error)".prefix(200).description)])
        }
    }
}

/// Carries the engine's progress (reported on its own thread) to the row and the channel, in
/// order, one at a time.
final class StageReporter: Sendable {
    private let continuation: AsyncStream<ConversionProgress>.Continuation
    private let task: Task<Void, Never>

    init(queue: any JobRepository, events: ProgressEvents, conversion: UUID, worker: String) {
        let (stream, continuation) = AsyncStream<ConversionProgress>.makeStream()
        self.continuation = continuation
        task = Task {
            for await progress in stream where progress.stage != .completed {
                try? await queue.progress(conversion, worker: worker, stage: ProgressStage(progress.stage), percent: progress.percent, message: progress.message)
                await events.publish(conversion, type: .progress, stage: ProgressStage(progress.stage), percent: progress.percent, message: progress.message,
                                     counts: progress.counts)
            }
        }
    }

    func report(_ progress: ConversionProgress) { continuation.yield(progress) }

    /// Waits until every reported stage is written.
    func drain() async {
        continuation.finish()
        await task.value
    }
}
