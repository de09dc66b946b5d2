import ConversionService
import Foundation
import InternalHTTP
import ServiceKit
import Testing
import TestSupport

/// Per-role quotas (conversions a day, the largest jar) and signed download links.
@Suite("conversion: quotas and signed links")
struct ConversionQuotaTests {
    static func code(_ answer: InternalHTTPClient.Exchange) -> String? {
        ((try? JSONSerialization.jsonObject(with: Data(answer.body))) as? [String: Any]).flatMap { ($0["error"] as? [String: Any])?["code"] as? String }
    }

    @Test func quotasAreReadPerRoleAndTheMostGenerousRoleApplies() throws {
        let quotas = try ConversionQuotas(
            environment: EnvironmentReader(["QUOTA_CONVERSIONS_PER_DAY": "user=5, creator=50,admin=unlimited", "QUOTA_MAX_JAR_BYTES": "user=2048"]),
            uploadLimit: 1 << 20)
        #expect(quotas.dailyLimit(roles: ["user"]) == 5)
        #expect(quotas.dailyLimit(roles: ["user", "creator"]) == 50)
        #expect(quotas.dailyLimit(roles: ["user", "admin"]) == nil)
        #expect(quotas.dailyLimit(roles: ["auditor"]) == 5, "an unconfigured role falls back to user's quota")
        #expect(quotas.jarLimit(roles: ["admin"]) == 2048, "admin has no jar entry: user's applies")
        let defaults = try ConversionQuotas(environment: EnvironmentReader([:]), uploadLimit: 1 << 20)
        #expect(defaults.dailyLimit(roles: ["user"]) == 200)
        #expect(defaults.jarLimit(roles: ["user"]) == 1 << 20)
        #expect(defaults.jarLimit(roles: ["user", "admin"]) == nil)
        for bad in ["user", "user=-1", "user=5,user=6", "=5", "user=lots"] {
            #expect(throws: ConfigurationError.self, "\(bad)") {
                try ConversionQuotas(environment: EnvironmentReader(["QUOTA_CONVERSIONS_PER_DAY": bad]), uploadLimit: 1 << 20)
            }
        }
    }

    @Test func aSignedLinkNamesOneConversionUntilItExpiresAndCannotBeAltered() throws {
        let links = DownloadLinks(secret: String(repeating: "s", count: 40), lifetime: .seconds(300))
        let (conversion, owner) = (UUID(), UUID())
        let now = Date()
        let (token, expires) = links.token(conversion: conversion, owner: owner, now: now)
        #expect(abs(expires.timeIntervalSince(now) - 300) < 1)
        let verified = try links.verify(token, now: now)
        #expect(verified.conversion == conversion && verified.owner == owner)
        #expect(throws: DownloadLinks.Refusal.expired) { try links.verify(token, now: now.addingTimeInterval(301)) }
        let other = UUID().uuidString.lowercased()
        let swapped = ([other] + token.split(separator: ".").dropFirst().map(String.init)).joined(separator: ".")
        #expect(throws: DownloadLinks.Refusal.badSignature) { try links.verify(swapped, now: now) }
        let stranger = DownloadLinks(secret: String(repeating: "t", count: 40), lifetime: .seconds(300))
        #expect(throws: DownloadLinks.Refusal.badSignature) { try stranger.verify(token, now: now) }
        for malformed in ["", "a.b.c.d", token + ".x", String(repeating: "a", count: 300)] {
            #expect(throws: DownloadLinks.Refusal.malformed) { try links.verify(malformed, now: now) }
        }
    }

    @Test func theDailyQuotaAndTheJarQuotaAnswer403NamingTheQuota() async throws {
        try await OwnConversionStack.with { stack in
            let token = try await stack.serviceToken()
            let process = try await stack.start(workers: 0, stageDelay: .zero, extra: [
                "QUOTA_CONVERSIONS_PER_DAY": "user=2,admin=unlimited", "QUOTA_MAX_JAR_BYTES": "user=16384,admin=unlimited",
            ])
            // Larger than the user's jar quota (incompressible padding): refused, nothing kept.
            let big = OwnConversionStack.uniqueJar(padding: 40_000)
            let refused = try await stack.post(big, to: process, token: token)
            #expect(refused.status == 403)
            #expect(Self.code(refused) == "quota_max_jar_bytes")
            #expect(String(decoding: refused.body, as: UTF8.self).contains("16384"))
            #expect(try await stack.post(big, to: process, token: token, roles: "user,admin").status == 202)

            // Two a day for a user (the admin's upload above counted too, and is unlimited for admins).
            #expect(try await stack.post(OwnConversionStack.uniqueJar(), to: process, token: token).status == 202)
            let third = try await stack.post(OwnConversionStack.uniqueJar(), to: process, token: token)
            #expect(third.status == 403)
            #expect(Self.code(third) == "quota_conversions_per_day")
            #expect(try await stack.post(OwnConversionStack.uniqueJar(), to: process, token: token, roles: "user,admin").status == 202)
            let rows = try await stack.stores.sql("SELECT count(*) FROM conversions")
            #expect(rows.first == "3", "refused uploads leave no row")
            let usage = try await stack.stores.sql("SELECT uploads FROM conversion_daily_usage")
            #expect(usage == ["3"])
        }
    }
}
