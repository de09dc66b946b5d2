import GatewayApp
import ServiceKit
import Testing

/// `TRUSTED_PROXIES`: exact addresses and CIDR blocks, IPv4 and IPv6, and precise refusals.
@Suite("gateway: trusted proxies")
struct TrustedProxiesTests {
    @Test func blocksMatchTheirAddressesAndNothingElse() throws {
        let proxies = try TrustedProxies("127.0.0.1, 10.0.0.0/8,172.16.0.0/12 ,fd00::/8,::1")
        for address in ["127.0.0.1", "10.0.0.1", "10.255.3.4", "172.16.0.9", "172.31.255.255", "fd12::1", "::1"] {
            #expect(proxies.contains(address), "\(address)")
        }
        for address in ["127.0.0.2", "11.0.0.1", "172.32.0.1", "172.15.255.255", "fe80::1", "::2", "unknown", "", "10.0.0.1/8"] {
            #expect(!proxies.contains(address), "\(address)")
        }
        #expect(TrustedProxies.loopback.contains("127.0.0.1") && TrustedProxies.loopback.contains("::1"))
        #expect(!TrustedProxies.loopback.contains("10.0.0.1"))
        #expect(try TrustedProxies("0.0.0.0/0").contains("203.0.113.7"))
        #expect(try !TrustedProxies("0.0.0.0/0").contains("::1"))
    }

    @Test(arguments: ["10.0.0.0/33", "nginx", "10.0.0/8", "::1/129", "10.0.0.0/x", "1.2.3.4/8/1"])
    func badEntriesAreRefusedNamingTheVariable(entry: String) {
        #expect {
            _ = try TrustedProxies("127.0.0.1,\(entry)")
        } throws: { error in
            "\(error)".contains("TRUSTED_PROXIES") && "\(error)".contains(entry)
        }
    }
}
