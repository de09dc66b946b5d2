import AuthApp
import Contracts
import ServiceKit
import Testing
import TestSupport

@Suite("auth service against the test stack")
struct AuthHealthTests {
    @Test func servesHealthAndMetricsOverItsOwnDatabaseRole() async throws {
        try await expectDatabaseServiceServes(.auth, role: "AUTH", build: AuthApplication.buildApplication)
    }

    @Test func settingsComeFromTheEnvironment() throws {
        try expectDatabaseServiceSettings(AuthApplication.settings)
    }
}
