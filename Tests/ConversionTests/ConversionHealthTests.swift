import ConversionService
import Contracts
import ServiceKit
import Testing
import TestSupport

@Suite("conversion service against the test stack")
struct ConversionHealthTests {
    @Test func servesHealthAndMetricsOverItsOwnDatabaseRole() async throws {
        try await expectDatabaseServiceServes(.conversion, role: "CONVERSION", build: ConversionApplication.buildApplication)
    }

    @Test func settingsComeFromTheEnvironment() throws {
        try expectDatabaseServiceSettings(ConversionApplication.settings)
    }
}
