import Foundation
import ServiceKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The peers whose `X-Forwarded-For` the gateway believes (`TRUSTED_PROXIES`): exact addresses
/// (`127.0.0.1`, `::1`) or CIDR blocks (`10.0.0.0/8`, `fd00::/8`) — on Kubernetes the ingress
/// controller's pods have addresses of the pod network, not known in advance.
public struct TrustedProxies: Sendable, Equatable {
    /// One address or block: its bytes (4 or 16) and how many leading bits must match.
    struct Block: Sendable, Equatable {
        let bytes: [UInt8]
        let prefix: Int
    }

    let blocks: [Block]

    /// `127.0.0.1` and `::1`: the default, nginx on the same machine.
    public static let loopback = TrustedProxies(blocks: [
        Block(bytes: [127, 0, 0, 1], prefix: 32), Block(bytes: Array(repeating: 0, count: 15) + [1], prefix: 128),
    ])

    init(blocks: [Block]) { self.blocks = blocks }

    /// Parses a comma-separated list.
    /// - Throws: ``ConfigurationError`` naming `TRUSTED_PROXIES` and the entry that is neither an
    ///   IPv4/IPv6 address nor a block with a prefix length in range.
    public init(_ list: String) throws(ConfigurationError) {
        var blocks: [Block] = []
        for entry in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !entry.isEmpty {
            let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let bytes = Self.bytes(of: String(parts[0])) else {
                throw ConfigurationError(variable: "TRUSTED_PROXIES", problem: "\(entry) is not an IP address or CIDR block")
            }
            let prefix = parts.count == 2 ? Int(parts[1]) : bytes.count * 8
            guard let prefix, (0...(bytes.count * 8)).contains(prefix) else {
                throw ConfigurationError(variable: "TRUSTED_PROXIES", problem: "\(entry) has a prefix length out of range")
            }
            blocks.append(Block(bytes: bytes, prefix: prefix))
        }
        self.blocks = blocks
    }

    /// Whether `address` (as the peer's socket reports it) lies in one of the blocks.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(of: address) else { return false }
        return blocks.contains { block in
            guard block.bytes.count == bytes.count else { return false }
            let whole = block.prefix / 8
            guard bytes[..<whole] == block.bytes[..<whole] else { return false }
            let rest = block.prefix % 8
            guard rest > 0 else { return true }
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - rest))
            return bytes[whole] & mask == block.bytes[whole] & mask
        }
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address; `nil` for anything else.
    static func bytes(of address: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, address, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, address, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
