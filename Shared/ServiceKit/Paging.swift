import Hummingbird

/// `page` (from 1, default 1) and `page_size` (1…100, default 20) from a request's query, with a
/// precise 400 for anything else.
public struct Paging: Sendable, Equatable {
    public let page: Int
    public let size: Int
    /// Rows to skip.
    public var offset: Int { (page - 1) * size }

    public init(_ request: Request) throws {
        let query = request.uri.queryParameters
        page = try query.get("page").map { text in
            guard let value = Int(text), (1...100_000).contains(value) else {
                throw AppError.badRequest("page must be a whole number from 1", code: "invalid_page")
            }
            return value
        } ?? 1
        size = try query.get("page_size").map { text in
            guard let value = Int(text), (1...100).contains(value) else {
                throw AppError.badRequest("page_size must be between 1 and 100", code: "invalid_page_size")
            }
            return value
        } ?? 20
    }
}
