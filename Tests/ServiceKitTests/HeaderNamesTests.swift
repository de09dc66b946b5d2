import Foundation
import HTTPTypes
import ServiceKit
import Testing

/// The header names the services use are all real tokens: `HTTPField.Name.known` never fell back.
@Suite("header names")
struct HeaderNamesTests {
    @Test func everyKnownNameIsTheTokenItWasWrittenAs() {
        #expect(HTTPField.Name.knownNames.count == 12)
        for (name, text) in HTTPField.Name.knownNames {
            #expect(name.rawName == text)
            #expect(name.canonicalName == text.lowercased())
        }
    }

    @Test func theForwardedUserIsReadOrRefusedPrecisely() throws {
        let id = UUID()
        var headers: HTTPFields = [.userID: id.uuidString.lowercased(), .userPermissions: "a:read,b:write"]
        let user = try ForwardedUser(headers, needs: "b:write")
        #expect(user.id == id && user.permissions == ["a:read", "b:write"] && user.roles == ["user"])
        #expect(throws: AppError.self) { try ForwardedUser(headers, needs: "c:admin") }
        headers[.userID] = "not-a-uuid"
        let error = #expect(throws: AppError.self) { try ForwardedUser(headers, needs: "a:read") }
        #expect(error?.code == "user_required")
    }
}
