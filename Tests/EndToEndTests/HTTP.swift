import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// A plain HTTP response for the end-to-end tests.
struct Reply {
    let status: Int
    let headers: HTTPHeaders
    let body: String

    func json<Value: Decodable>(_ type: Value.Type) throws -> Value {
        try JSONDecoder().decode(type, from: Data(body.utf8))
    }
}

/// Calls the stack from outside, as a client would. Accepts the stack's self-signed certificate.
let httpClient: HTTPClient = {
    var configuration = HTTPClient.Configuration()
    var tls = TLSConfiguration.makeClientConfiguration()
    tls.certificateVerification = .none
    configuration.tlsConfiguration = tls
    configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
    return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
}()

func get(_ url: String, headers: [(String, String)] = []) async throws -> Reply {
    var request = HTTPClientRequest(url: url)
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    let response = try await httpClient.execute(request, timeout: .seconds(30))
    let body = try await response.body.collect(upTo: 10 << 20)
    return Reply(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
}
