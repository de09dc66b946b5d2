import Foundation
import Testing
import TestSupport

@Suite("Rendered configuration files")
struct ConfigurationFileTests {
    let stack = try! LocalStack.current()

    @Test func nginxAcceptsTheRenderedConfiguration() async throws {
        let folder = stack.value("STACK_DIR") + "/nginx"
        let result = try await runProcess("/usr/sbin/nginx", ["-t", "-c", folder + "/nginx.conf", "-p", folder])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("test is successful"))
    }

    @Test func promtoolAcceptsTheRenderedScrapeConfiguration() async throws {
        let result = try await runProcess("/usr/bin/promtool", ["check", "config", stack.value("STACK_DIR") + "/prometheus/prometheus.yml"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
    }

    @Test func theTemplatesLeaveNoPlaceholderUnrendered() throws {
        let nginx = try String(contentsOfFile: stack.value("STACK_DIR") + "/nginx/nginx.conf", encoding: .utf8)
        let prometheus = try String(contentsOfFile: stack.value("STACK_DIR") + "/prometheus/prometheus.yml", encoding: .utf8)
        #expect(!nginx.contains("${"))
        #expect(!prometheus.contains("${"))
        #expect(nginx.contains("least_conn"))
        #expect(nginx.contains("proxy_request_buffering off"))
    }
}
