import HTTPTypes
import InternalHTTP
import JWTVerification

/// The one way an internal route learns who calls it: the service token first (401 with the
/// token's own error code when it is missing or refused), then the user the gateway names.
extension ServiceTokenGate {
    /// The calling service's name.
    /// - Throws: ``AppError`` 401 (`service_token_required`, or why the token was refused).
    public func requireService(_ headers: HTTPFields) async throws -> String {
        do {
            return try await caller(authorization: headers[.authorization])
        } catch {
            throw AppError(.unauthorized, code: error.code, message: error.message)
        }
    }

    /// The user the gateway names on a request that carries a valid service token, holding
    /// `permission` (see ``ForwardedUser``).
    public func forwardedUser(_ headers: HTTPFields, needs permission: String) async throws -> ForwardedUser {
        _ = try await requireService(headers)
        return try ForwardedUser(headers, needs: permission)
    }
}
