import ServiceKit
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The gateway's request context: the basic one plus the peer's address, which decides whether
/// `X-Forwarded-For` can be believed.
public struct GatewayContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}

/// The client's address as the gateway acts on it (rate limits, audit): the last `X-Forwarded-For`
/// hop when the request came from a trusted proxy (nginx appends the address it saw), otherwise
/// the peer's own address. A client cannot choose its key by sending its own header.
public enum ClientAddress {
    public static func resolve(_ request: Request, peer: SocketAddress?, trusted: TrustedProxies) -> String {
        let peerAddress = peer?.ipAddress ?? "unknown"
        guard trusted.contains(peerAddress),
              let forwarded = request.headers[.forwardedFor]?.split(separator: ",").last?
                .trimmingCharacters(in: .whitespaces), !forwarded.isEmpty, forwarded.count <= 64 else { return peerAddress }
        return forwarded
    }
}
