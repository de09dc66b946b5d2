/// A user's role, as tokens, the `X-User-Roles` header and `role_permissions` name it. Tokens carry
/// roles as strings (a role this release does not know is kept, not refused); code compares with
/// these cases, never with literals.
public enum Role: String, Codable, Sendable, CaseIterable {
    /// Everyone who signs up.
    case user
    /// Larger quotas.
    case creator
    /// Manages users and reads every conversion.
    case admin
    /// A service calling another (service tokens only; never assigned to a person).
    case service

    /// The roles an administrator (or `migrator grant-role`) may give a person.
    public static let assignable: [Role] = [.user, .creator, .admin]

    /// The assignable roles as a sentence's list: "user, creator or admin".
    public static var assignableList: String {
        let names = assignable.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}
