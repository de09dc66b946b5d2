import Foundation

// The bodies of the internal HTTP routes services call on each other (`/internal/v1/…`, each
// behind a service token, except the token grant itself, which is behind the client secret).
// Senders encode and receivers decode these same types, so a field renamed on one side is a
// compile error on the other.
//
// | route | request → answer | from → to |
// |---|---|---|
// | `POST /internal/v1/service-tokens` | ``ServiceTokenRequest`` → ``ServiceTokenGrant`` | every service → auth |
// | `GET /internal/v1/permissions` | → ``PermissionMap`` | gateway → auth |
// | `POST /internal/v1/api-tokens/introspect` | ``TokenIntrospectionRequest`` → ``TokenIntrospection`` | gateway → auth |
// | `POST /internal/v1/ai/suggest` | ``SuggestRequest`` → ``SuggestResponse`` | conversion → ai-engine |
// | `GET /internal/v1/ai/suggest/sources` | → ``SuggestSources`` | conversion → ai-engine |

/// A service's client credentials traded for a service token meant for `audience`.
public struct ServiceTokenRequest: Codable, Sendable, Equatable {
    public var clientID: String
    public var clientSecret: String
    /// The service the token is for.
    public var audience: String

    public init(clientID: String, clientSecret: String, audience: String) {
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.audience = audience
    }

    enum CodingKeys: String, CodingKey { case clientID = "client_id", clientSecret = "client_secret", audience }
}

/// A service token and how long it lives.
public struct ServiceTokenGrant: Codable, Sendable, Equatable {
    public var accessToken: String
    public var tokenType = "Bearer"
    /// Seconds.
    public var expiresIn: Int64

    public init(accessToken: String, expiresIn: Int64) {
        self.accessToken = accessToken
        self.expiresIn = expiresIn
    }

    enum CodingKeys: String, CodingKey { case accessToken = "access_token", tokenType = "token_type", expiresIn = "expires_in" }
}

/// Every role's permissions, by role word.
public struct PermissionMap: Codable, Sendable, Equatable {
    public var roles: [String: [String]]

    public init(roles: [String: [String]]) { self.roles = roles }
}

/// A personal API token (`mpt_…`) to look up.
public struct TokenIntrospectionRequest: Codable, Sendable, Equatable {
    public var token: String

    public init(token: String) { self.token = token }
}

/// What a personal API token grants; only `active` when it is unknown, revoked or expired.
public struct TokenIntrospection: Codable, Sendable, Equatable {
    public var active: Bool
    public var userID: String?
    public var roles: [String]?
    public var permissions: [String]?

    public init(active: Bool, userID: String? = nil, roles: [String]? = nil, permissions: [String]? = nil) {
        self.active = active
        self.userID = userID
        self.roles = roles
        self.permissions = permissions
    }

    enum CodingKeys: String, CodingKey { case active, userID = "user_id", roles, permissions }
}

/// Java classes no conversion rule covers, for the ai-engine to classify and match.
public struct SuggestRequest: Codable, Sendable, Equatable {
    /// One class: its internal name (`com/example/Foo`), superclass and string constants.
    public struct JavaClass: Codable, Sendable, Equatable {
        public var name: String
        public var superclass: String?
        public var strings: [String]?

        public init(name: String, superclass: String?, strings: [String]?) {
            self.name = name
            self.superclass = superclass
            self.strings = strings
        }
    }

    public var classes: [JavaClass]

    public init(classes: [JavaClass]) { self.classes = classes }
}

/// The ai-engine's proposal for each class, in the request's order.
public struct SuggestResponse: Codable, Sendable, Equatable {
    /// A knowledge-base entry and how near it is.
    public struct Entry: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var title: String
        public var text: String
        public var similarity: Double

        public init(id: String, kind: String, title: String, text: String, similarity: Double) {
            self.id = id
            self.kind = kind
            self.title = title
            self.text = text
            self.similarity = similarity
        }
    }

    /// One class's kind (the classifier's label), its confidence, and the nearest entry.
    public struct Suggestion: Codable, Sendable, Equatable {
        public var name: String
        public var kind: String
        public var confidence: Double
        public var entry: Entry?

        public init(name: String, kind: String, confidence: Double, entry: Entry?) {
            self.name = name
            self.kind = kind
            self.confidence = confidence
            self.entry = entry
        }
    }

    public var suggestions: [Suggestion]
    /// The classifier's and the embedder's `name@version`.
    public var classifier: String
    public var embedder: String

    public init(suggestions: [Suggestion], classifier: String, embedder: String) {
        self.suggestions = suggestions
        self.classifier = classifier
        self.embedder = embedder
    }
}

/// What suggestions come from right now: the production classifier and embedder and a digest of
/// the knowledge base (part of the conversion result cache's key).
public struct SuggestSources: Codable, Sendable, Equatable {
    public var classifier: String
    public var embedder: String
    public var knowledge: String

    public init(classifier: String, embedder: String, knowledge: String) {
        self.classifier = classifier
        self.embedder = embedder
        self.knowledge = knowledge
    }
}
