import Foundation
import Logging
import NIOCore
import NIOPosix

/// One plain-text message to one recipient.
public struct Mail: Sendable {
    public var to: String
    public var subject: String
    public var body: String

    public init(to: String, subject: String, body: String) {
        self.to = to
        self.subject = subject
        self.body = body
    }
}

/// Sends mail over SMTP (RFC 5321) to a relay: `EHLO`, `MAIL FROM`, `RCPT TO`, `DATA` with
/// dot-stuffing, `QUIT`, every step within the time limit.
///
/// The relay is expected on a private network (a local MTA or the provider's relay sidecar):
/// this client speaks neither STARTTLS nor AUTH.
public struct SMTPMailer: Sendable {
    public let host: String
    public let port: Int
    /// The envelope and `From:` address.
    public let from: String
    public let timeout: Duration

    public init(host: String, port: Int, from: String, timeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.from = from
        self.timeout = timeout
    }

    /// Why a message was not accepted.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Delivers `mail` to the relay.
    public func send(_ mail: Mail) async throws {
        for field in [mail.to, mail.subject, from] where field.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw Failure(description: "a header field holds a line break")
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await deliver(mail) }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw Failure(description: "the relay did not finish within \(timeout)")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func deliver(_ mail: Mail) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.executeThenClose { inbound, outbound in
            var replies = ReplyReader(inbound.makeAsyncIterator())
            func command(_ line: String?, expect codes: Set<Int>, label: String? = nil) async throws {
                if let line { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
                let (code, text) = try await replies.next()
                guard codes.contains(code) else {
                    let step = label ?? line?.split(separator: " ").first.map(String.init) ?? "the greeting"
                    throw Failure(description: "the relay answered \(code) \(text.prefix(120)) to \(step)")
                }
            }
            try await command(nil, expect: [220])
            try await command("EHLO modporter-auth", expect: [250])
            try await command("MAIL FROM:<\(Self.address(from))>", expect: [250])
            try await command("RCPT TO:<\(mail.to)>", expect: [250, 251])
            try await command("DATA", expect: [354])
            try await command(message(mail), expect: [250], label: "the message")
            try await command("QUIT", expect: [221])
        }
    }

    /// The message with its headers, CRLF line ends, dot-stuffed, ending with the lone dot.
    func message(_ mail: Mail) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let domain = Self.address(from).split(separator: "@").last.map(String.init) ?? "modporter.local"
        var lines = [
            "From: \(from)", "To: <\(mail.to)>", "Subject: \(mail.subject)", "Date: \(formatter.string(from: Date()))",
            "Message-ID: <\(UUID().uuidString.lowercased())@\(domain)>", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "",
        ]
        for line in mail.body.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            lines.append(line.hasPrefix(".") ? "." + line : String(line))
        }
        return lines.joined(separator: "\r\n") + "\r\n."
    }

    /// The bare address of `Name <address>` (or the text itself).
    static func address(_ text: String) -> String {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return text }
        return String(text[text.index(after: open)..<close])
    }
}

/// Reads SMTP replies (multi-line ones joined) from the inbound byte stream.
struct ReplyReader {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) {
        self.iterator = iterator
    }

    /// The next complete reply: its code and text.
    mutating func next() async throws -> (Int, String) {
        var text = ""
        while true {
            while let end = pending.range(of: "\r\n") {
                let line = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPMailer.Failure(description: "a malformed reply") }
                text += line.dropFirst(4) + " "
                if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, text) }
            }
            guard pending.utf8.count < 64 << 10, let buffer = try await iterator.next() else {
                throw SMTPMailer.Failure(description: "the relay closed the connection")
            }
            pending += String(buffer: buffer)
        }
    }
}
