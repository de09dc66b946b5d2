import Foundation
import Testing
import TestSupport

/// The alert rules (`prometheus/alerts.yml`): valid, each fired and kept quiet by promtool's unit
/// tests, loaded by the stack's real Prometheus, and reading only series the services export.
@Suite("Alert rules")
struct AlertRuleTests {
    let stack = try! LocalStack.current()
    static var folder: String { LocalStack.repositoryRoot + "/prometheus" }

    @Test func promtoolChecksTheRulesAndRunsTheirUnitTests() async throws {
        let check = try await runProcess("/usr/bin/promtool", ["check", "rules", Self.folder + "/alerts.yml"])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        let units = try await runProcess("/usr/bin/promtool", ["test", "rules", "alerts.test.yml"], currentDirectory: Self.folder)
        #expect(units.status == 0, "\(units.stdout) \(units.stderr)")
    }

    @Test func everyRuleHasAFiringAndAQuietUnitTest() throws {
        let rules = try String(contentsOfFile: Self.folder + "/alerts.yml", encoding: .utf8)
        let tests = try String(contentsOfFile: Self.folder + "/alerts.test.yml", encoding: .utf8)
        let names = rules.matches(of: /- alert: (\w+)/).map { String($0.output.1) }
        #expect(names.count >= 6)
        for name in names {
            // Each rule appears in a case that expects alerts and in one that expects none.
            let cases = tests.components(separatedBy: "alertname: \(name)\n").dropFirst()
            #expect(cases.contains { $0.drop { $0 == " " }.hasPrefix("exp_alerts:\n") }, "\(name) never fires in a test")
            #expect(cases.contains { $0.drop { $0 == " " }.hasPrefix("exp_alerts: []") }, "\(name) is never kept quiet in a test")
        }
        for label in ["severity:", "team:"] { #expect(rules.components(separatedBy: label).count - 1 == names.count, "every rule has \(label)") }
        for annotation in ["summary:", "runbook:"] { #expect(rules.components(separatedBy: annotation).count - 1 == names.count) }
    }

    @Test func theStacksPrometheusLoadedTheRulesAndHoldsEverySeriesTheyRead() async throws {
        let base = "http://127.0.0.1:\(stack.port("PROMETHEUS_PORT"))/api/v1"
        let rules = try String(contentsOfFile: Self.folder + "/alerts.yml", encoding: .utf8)
        // The expressions only (from `expr:` to `for:`), then every name used as a series.
        let expressions = rules.components(separatedBy: "expr:").dropFirst().map { $0.components(separatedBy: "for:")[0] }.joined(separator: "\n")
        // (`\b`: a name starts a word, so the unit of `offset 15m)` is not taken for one.)
        let metrics = Set(expressions.matches(of: /\b([a-z_]+)(?:\{|\[| ==| >|\))/).map { String($0.output.1) })
            .subtracting(["by", "rate", "increase", "sum", "max", "histogram_quantile"])
            .subtracting(expressions.matches(of: /by \(([a-z_, ]+)\)/).flatMap { $0.output.1.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
        #expect(metrics.isSuperset(of: ["up", "http_requests_total", "conversions_total", "job_queue_depth", "job_lease_expirations_total"]), "\(metrics)")

        let loaded = await eventually(timeout: .seconds(30), every: .milliseconds(500)) {
            guard let body = try? await get(base + "/rules"), let data = body.data(using: .utf8),
                  let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
                  let groups = (json["data"] as? [String: Any])?["groups"] as? [[String: Any]] else { return false }
            let ruleStates = groups.flatMap { ($0["rules"] as? [[String: Any]]) ?? [] }
            return ruleStates.count == rules.matches(of: /- alert:/).count && ruleStates.allSatisfy { $0["health"] as? String == "ok" }
        }
        #expect(loaded, "Prometheus did not load and evaluate every rule")
        for metric in metrics.sorted() {
            let found = await eventually(timeout: .seconds(30), every: .milliseconds(500)) {
                guard let body = try? await get(base + "/series?match[]=" + metric + "_bucket"), body.contains("\"__name__\"") else {
                    return (try? await get(base + "/series?match[]=" + metric))?.contains("\"__name__\"") == true
                }
                return true
            }
            #expect(found, "no series named \(metric) in the stack's Prometheus")
        }
    }

    @Test func alertmanagerChecksOutAndRoutesEveryRuleBySeverityAndTeam() async throws {
        let rendered = NSTemporaryDirectory() + "alertmanager-\(uniqueSuffix()).yml"
        defer { try? FileManager.default.removeItem(atPath: rendered) }
        let render = try await runProcess(
            LocalStack.repositoryRoot + "/scripts/render-template.py", [Self.folder + "/alertmanager.yml.template", rendered],
            environment: ["ALERT_WEBHOOK_URL": "http://127.0.0.1:9/alerts"])
        try #require(render.status == 0, "\(render.stderr)")
        let check = try await runProcess("/usr/bin/amtool", ["check-config", rendered])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        let config = try String(contentsOfFile: rendered, encoding: .utf8)
        #expect(config.contains("source_matchers: ['severity=\"critical\"']") && config.contains("target_matchers: ['severity=\"warning\"']")
                && config.contains("equal: [team]"), "a team's warnings are inhibited under its critical")
        #expect(config.contains("active_time_intervals: [business-hours]"))

        // Criticals page; a warning goes to its team's receiver.
        let rules = try String(contentsOfFile: Self.folder + "/alerts.yml", encoding: .utf8)
        let pairs = Set(rules.matches(of: /labels: \{severity: (\w+), team: (\w+)\}/).map { "\($0.output.1) \($0.output.2)" })
        #expect(pairs.count >= 4)
        for pair in pairs.sorted() {
            let labels = pair.split(separator: " ")
            let routed = try await runProcess(
                "/usr/bin/amtool", ["config", "routes", "test", "--config.file=" + rendered, "severity=\(labels[0])", "team=\(labels[1])"])
            let expected = labels[0] == "critical" ? "pager" : String(labels[1])
            #expect(routed.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "\(pair) → \(routed.stdout)")
        }
    }

    /// The body of `GET url` (loopback, short).
    func get(_ url: String) async throws -> String {
        let result = try await runProcess("/usr/bin/curl", ["-fsS", "--max-time", "5", "-g", url])
        guard result.status == 0 else { throw TestSetupError("GET \(url): \(result.stderr)") }
        return result.stdout
    }
}
