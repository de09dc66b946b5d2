import Foundation
@testable import GatewayApp
import RedisKit
import Testing
import TestSupport

/// The rate limiter against the stack's Redis: generous limits are taken from Redis a few requests'
/// worth at a time (a lease), tight ones one request at a time, and neither lets a caller past the
/// limit, whichever replica the requests reach.
@Suite("Rate limits: leases never let a caller past the limit")
struct RateLimiterTests {
    let redis = try! LocalStack.current().redis

    /// Checks `count` requests under one key, spread over `replicas` limiters in turn; returns how
    /// many were allowed.
    func allowed(_ count: Int, limit: RateLimit, replicas: Int) async throws -> Int {
        try await withClient(redis) { client in
            let limiters = (0..<replicas).map { _ in RateLimiter(redis: client) }
            let key = "test:lease:\(uniqueSuffix())"
            var allowed = 0
            for index in 0..<count where try await limiters[index % replicas].check(key: key, limit: limit).allowed { allowed += 1 }
            _ = try await client.send(["DEL", RESPArgument("ratelimit:" + key)])
            return allowed
        }
    }

    // Periods long enough that nothing refills while a test runs (GCRA gives one request back per
    // period / limit: over an hour, a slow run would earn a few more than the limit, rightly).
    @Test func aGenerousLimitIsLeasedAndNeverExceededAcrossReplicas() async throws {
        let limit = RateLimit(limit: 2_000, period: .seconds(2_000_000))
        #expect(RateLimiter.leaseSize(for: limit) == 10)
        let granted = try await allowed(2_100, limit: limit, replicas: 3)
        // Never past the limit; early refusals only for what the other replicas hold unspent.
        #expect(granted <= 2_000)
        #expect(granted >= 2_000 - 3 * 9, "\(granted)")
    }

    @Test func aTightLimitIsCheckedInRedisForEveryRequest() async throws {
        let limit = RateLimit(limit: 50, period: .seconds(2_000_000))
        #expect(RateLimiter.leaseSize(for: limit) == 1)
        #expect(try await allowed(60, limit: limit, replicas: 3) == 50)
    }

    @Test func theHeadersCountDownThroughALease() async throws {
        try await withClient(redis) { client in
            let limiter = RateLimiter(redis: client)
            let key = "test:lease-headers:\(uniqueSuffix())"
            let limit = RateLimit(limit: 1_000, period: .seconds(2_000_000))
            var remaining: [Int] = []
            for _ in 0..<12 { remaining.append(try await limiter.check(key: key, limit: limit).remaining) }
            _ = try await client.send(["DEL", RESPArgument("ratelimit:" + key)])
            #expect(remaining == Array((988..<1_000).reversed()), "\(remaining)")
        }
    }
}
