import Foundation

/// Every Redis pub/sub channel the platform uses, by what it carries. Publishers and subscribers
/// name channels only through this type; ``description`` is the name on the wire.
///
/// | channel | carries | from → to |
/// |---|---|---|
/// | `conversion:{id}` | ``ProgressEvent`` (numbered, with history) | conversion → realtime → the owner's sockets |
/// | `user:{id}` | the final ``ProgressEvent`` of each of the user's conversions | conversion → realtime |
/// | `doc:{id}` | ``DocumentEditEvent`` (numbered by the database) | conversion → realtime → collaborators |
/// | `sessions:ended` | ``SessionEnded`` | auth → realtime (closes the session's sockets), gateway (its session view forgets the session) |
/// | `access:revoked` | ``AccessRevoked`` | conversion → realtime (ends subscriptions) |
/// | `events:user.deleted` | ``UserDeleted`` | auth → conversion (sweeps the user's files) |
///
/// Realtime replicas also relay ephemeral client messages to each other on the resource channels as
/// ``RelayFrame``s.
public enum ChannelName: Hashable, Sendable, CustomStringConvertible {
    /// A conversion's progress events.
    case conversion(UUID)
    /// A user's own channel: the final event of each of their conversions.
    case user(UUID)
    /// A conversion's collaborative document: edits, cursors and presence.
    case doc(UUID)
    /// Sessions auth ended (logout, password change, role change, reuse of a refresh token).
    case sessionsEnded
    /// Access to a conversion that ended for a user or for everyone.
    case accessRevoked
    /// Accounts deleted.
    case userDeleted

    /// Parses any channel name; `nil` for a name the platform does not use.
    public init?(_ text: String) {
        switch text {
        case Self.sessionsEnded.description: self = .sessionsEnded
        case Self.accessRevoked.description: self = .accessRevoked
        case Self.userDeleted.description: self = .userDeleted
        default:
            guard let channel = Self(subscribable: text) else { return nil }
            self = channel
        }
    }

    /// Parses a channel a client may ask to subscribe to (`conversion:`, `user:` or `doc:` and a
    /// UUID); `nil` for anything else, the platform's own control channels included.
    public init?(subscribable text: String) {
        guard text.utf8.count <= 64, let colon = text.firstIndex(of: ":"),
              let id = UUID(uuidString: String(text[text.index(after: colon)...])) else { return nil }
        switch text[..<colon] {
        case "conversion": self = .conversion(id)
        case "user": self = .user(id)
        case "doc": self = .doc(id)
        default: return nil
        }
    }

    /// Whether clients may subscribe to it (a per-resource channel, not a control channel).
    public var isSubscribable: Bool {
        switch self {
        case .conversion, .user, .doc: true
        case .sessionsEnded, .accessRevoked, .userDeleted: false
        }
    }

    /// The channel's name on the wire.
    public var description: String {
        switch self {
        case .conversion(let id): "conversion:\(id.uuidString.lowercased())"
        case .user(let id): "user:\(id.uuidString.lowercased())"
        case .doc(let id): "doc:\(id.uuidString.lowercased())"
        case .sessionsEnded: "sessions:ended"
        case .accessRevoked: "access:revoked"
        case .userDeleted: "events:user.deleted"
        }
    }
}
