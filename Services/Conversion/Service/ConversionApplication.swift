import Contracts
import Foundation
import Hummingbird
import InternalHTTP
import Logging
import Metrics
import Prometheus
import RedisKit
import ServiceKit
import ServiceLifecycle

/// The `conversion` service: uploads, the durable job queue and its workers, progress events,
/// results and reports, over its PostgreSQL role, Redis and the artifact store.
public enum ConversionApplication: ServiceApplication {
    public static let service = ServiceName.conversion

    /// Reads the service's settings from the environment.
    public static func settings(_ environment: EnvironmentReader) throws -> ConversionSettings {
        try ConversionSettings(environment: environment)
    }

    /// Builds the application `main` runs and tests drive.
    public static func buildApplication(
        _ settings: ConversionSettings, registry: PrometheusCollectorRegistry, logger: Logger
    ) throws -> BuiltService<Application<RouterResponder<BasicRequestContext>>> {
        let postgresStore = PostgresStore(settings.postgres, logger: logger)
        let redisStore = RedisStore(settings.standard.redis, logger: logger)
        let (postgres, redis) = (postgresStore.client, redisStore.client)
        let artifacts = try ArtifactStore(root: settings.artifactDirectory)
        let client = InternalHTTPClient()
        let store = ConversionStore(postgres: postgres, logger: logger)
        let queue = JobQueue(store: store)
        let events = ProgressEvents(redis: redis, logger: logger)
        let conversionMetrics = ConversionMetrics()
        let suggestions = AISuggestions.make(settings: settings, client: client, logger: logger)
        let subscriber = RedisSubscriber(configuration: redis.configuration, logger: logger)
        let services: [any Service] = [
            ConversionWorkers(settings: settings, queue: queue, events: events, artifacts: artifacts, metrics: conversionMetrics, logger: logger,
                              suggestions: suggestions),
            subscriber,
            events.retrier,
            Housekeeping(store: store, queue: queue, artifacts: artifacts, metrics: conversionMetrics, subscriber: subscriber, logger: logger),
            InternalHTTPClientService(client: client),
        ]
        return BuiltService(settings.standard.buildApplication(registry: registry, logger: logger, stores: [postgresStore, redisStore], services: services) { router in
            let gate = ServiceTokenGate(callee: ServiceName.conversion.rawValue, issuer: settings.issuer, authURL: settings.authURL, client: client)
            let conversions = ConversionController<BasicRequestContext>(
                settings: settings, store: store, artifacts: artifacts, events: events, revocations: redis, gate: gate, metrics: conversionMetrics, logger: logger,
                suggestions: suggestions)
            conversions.addRoutes(to: router)
            CollaborationController(conversions: conversions, store: CollaborationStore(store: store), channel: EventChannel(redis: redis), logger: logger)
                .addRoutes(to: router)
        })
    }
}

/// Keeps the store honest: every minute it deletes expired conversions and the uploads no
/// conversion refers to any more, and updates `job_queue_depth` and `artifact_store_bytes`; on a
/// `user.deleted` event (whose rows the schema's cascades already took) it sweeps that user's
/// orphaned uploads at once.
struct Housekeeping: Service {
    let store: ConversionStore
    let queue: JobQueue
    let artifacts: ArtifactStore
    let metrics: ConversionMetrics
    let subscriber: RedisSubscriber
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    while !Task.isCancelled {
                        await sweep()
                        try? await Task.sleep(for: .seconds(60))
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        if (try? await subscriber.subscribe([ChannelName.userDeleted])) != nil { break }
                        try? await Task.sleep(for: .seconds(1))
                    }
                    for await message in subscriber.messages where message.channelName == .userDeleted {
                        do {
                            let deleted = try message.decode(UserDeleted.self)
                            logger.info("user deleted: sweeping their uploads", metadata: ["user_id": .string(deleted.userID.uuidString.lowercased())])
                        } catch {
                            logger.warning("unreadable user.deleted message: sweeping anyway", metadata: ["error": .string("\(error)")])
                        }
                        await sweep()
                    }
                }
                group.addTask {
                    while !Task.isCancelled {
                        if let depth = try? await queue.depth() { metrics.queueDepth.record(depth) }
                        if let disk = artifacts.disk() {
                            metrics.storeFree.record(disk.free)
                            metrics.storeCapacity.record(disk.capacity)
                        }
                        try? await Task.sleep(for: .seconds(5))
                    }
                }
            }
        }
    }

    /// Expired rows, then uploads older than a minute that nothing refers to.
    func sweep() async {
        do {
            _ = try await store.deleteExpired()
            let folder = artifacts.root.appendingPathComponent("uploads")
            let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
            let cutoff = Date().addingTimeInterval(-60)
            let candidates = files.filter {
                ((try? $0.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? Date()) < cutoff
            }.map { $0.deletingPathExtension().lastPathComponent }.filter(ArtifactStore.isDigest)
            if !candidates.isEmpty {
                let referenced = try await store.referencedUploads(candidates)
                for sha in candidates where !referenced.contains(sha) { artifacts.remove(upload: sha) }
            }
            metrics.storeBytes.record(artifacts.usage())
        } catch {
            logger.warning("housekeeping skipped", metadata: ["error": .string("\(error)".prefix(200).description)])
        }
    }
}

