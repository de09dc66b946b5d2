import Contracts
import Foundation
import Testing

/// The internal routes' bodies keep their wire names (snake case, as the routes have always
/// answered), and read what the other side writes.
extension WireShapeTests {
    @Test func theTokenGrantSpeaksOAuthsWords() throws {
        let request = try object(ServiceTokenRequest(clientID: "gateway", clientSecret: "s", audience: "auth"))
        #expect(Set(request.keys) == ["client_id", "client_secret", "audience"])
        let grant = try JSONDecoder().decode(ServiceTokenGrant.self, from: Data(#"{"access_token":"t","token_type":"Bearer","expires_in":300}"#.utf8))
        #expect(grant == ServiceTokenGrant(accessToken: "t", expiresIn: 300))
    }

    @Test func anInactiveIntrospectionCarriesOnlyActive() throws {
        #expect(Set(try object(TokenIntrospection(active: false)).keys) == ["active"])
        let live = try JSONDecoder().decode(
            TokenIntrospection.self, from: Data(#"{"active":true,"user_id":"u","roles":["user"],"permissions":["ai:use"]}"#.utf8))
        #expect(live == TokenIntrospection(active: true, userID: "u", roles: ["user"], permissions: ["ai:use"]))
    }

    @Test func suggestionsRoundTripWithOrWithoutAnEntry() throws {
        let answer = SuggestResponse(suggestions: [
            .init(name: "a/B", kind: "block", confidence: 0.75, entry: .init(id: "e", kind: "block-component", title: "T", text: "x", similarity: 0.5)),
            .init(name: "a/C", kind: "utility", confidence: 0.25, entry: nil),
        ], classifier: "c@1.0.0", embedder: "m@1.0.0")
        #expect(try JSONDecoder().decode(SuggestResponse.self, from: JSONEncoder().encode(answer)) == answer)
        let request = try object(SuggestRequest(classes: [.init(name: "a/B", superclass: nil, strings: ["s"])]))
        #expect((request["classes"] as? [[String: Any]])?.first?["name"] as? String == "a/B")
    }
}
