import NIOCore
import NIOEmbedded
@testable import RedisKit
import Testing

@Suite("RESP encoding and decoding through hiredis")
struct RESPCodecTests {
    @Test func anEmptyCommandIsRefusedNotTrapped() {
        var buffer = ByteBufferAllocator().buffer(capacity: 8)
        #expect(throws: RedisError.self) { try RESPCommandEncoder.encode([], into: &buffer) }
        #expect(buffer.readableBytes == 0)
    }

    @Test func emptyArgumentsAreEncoded() throws {
        var buffer = ByteBufferAllocator().buffer(capacity: 16)
        try RESPCommandEncoder.encode([RESPArgument(bytes: []), RESPArgument(bytes: [])], into: &buffer)
        #expect(Array(buffer.readableBytesView) == Array("*2\r\n$0\r\n\r\n$0\r\n\r\n".utf8))
    }

    @Test func commandsAreEncodedAsMultiBulk() throws {
        var buffer = ByteBufferAllocator().buffer(capacity: 64)
        try RESPCommandEncoder.encode(["SET", "key", RESPArgument(bytes: [0, 10])], into: &buffer)
        #expect(Array(buffer.readableBytesView) == Array("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$2\r\n".utf8) + [0, 10] + Array("\r\n".utf8))
    }

    @Test func repliesSplitAcrossReadsAreDecoded() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(try RESPReplyDecoder()))
        let wire = Array("+OK\r\n:42\r\n$-1\r\n*2\r\n$1\r\na\r\n-ERR bad\r\n$5\r\nhello\r\n".utf8)
        // Feed one byte at a time: the decoder must keep partial replies.
        for byte in wire {
            try channel.writeInbound(ByteBuffer(bytes: [byte]))
        }
        var replies: [RESPValue] = []
        while let reply = try channel.readInbound(as: RESPValue.self) { replies.append(reply) }
        #expect(replies == [.status("OK"), .integer(42), .null, .array([.bulk([97]), .error("ERR bad")]), .bulk(Array("hello".utf8))])
        _ = try channel.finish()
    }

    @Test func malformedRepliesAreAProtocolError() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(try RESPReplyDecoder()))
        #expect(throws: RedisError.self) { try channel.writeInbound(ByteBuffer(string: "?garbage\r\n")) }
        _ = try? channel.finish()
    }
}
