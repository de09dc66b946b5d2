import AIEngineService
import Contracts
import ServiceKit
import Testing
import TestSupport

@Suite("aiEngine service against the test stack")
struct AIEngineHealthTests {
    @Test func servesHealthAndMetricsOverItsOwnDatabaseRole() async throws {
        try await expectDatabaseServiceServes(.aiEngine, role: "AI_ENGINE", build: AIEngineApplication.buildApplication)
    }

    @Test func settingsComeFromTheEnvironment() throws {
        try expectDatabaseServiceSettings(AIEngineApplication.settings)
    }
}
