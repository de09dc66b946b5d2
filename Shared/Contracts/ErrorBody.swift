/// The one JSON error shape every service answers with:
/// `{"error": {"code": "...", "message": "...", "request_id": "..."}}`.
public struct ErrorBody: Codable, Sendable, Equatable {
    /// The error itself.
    public struct Detail: Codable, Sendable, Equatable {
        /// A stable, machine-readable code such as `not_found` or `dependency_unavailable`.
        public var code: String
        /// A sentence for people.
        public var message: String
        /// The request id, to match the answer with the logs.
        public var requestID: String?

        enum CodingKeys: String, CodingKey {
            case code, message
            case requestID = "request_id"
        }

        public init(code: String, message: String, requestID: String?) {
            self.code = code
            self.message = message
            self.requestID = requestID
        }
    }

    public var error: Detail

    public init(code: String, message: String, requestID: String?) {
        self.error = Detail(code: code, message: message, requestID: requestID)
    }
}
