import CHiredis
import NIOCore

/// Encodes a command with hiredis' `redisFormatCommandArgv` (the RESP multi-bulk form).
enum RESPCommandEncoder {
    /// Appends the RESP encoding of `arguments` to `buffer`.
    /// - Throws: ``RedisError/protocolViolation(_:)`` for an empty command, or when hiredis
    ///   cannot allocate the encoding.
    static func encode(_ arguments: [RESPArgument], into buffer: inout ByteBuffer) throws(RedisError) {
        guard !arguments.isEmpty else { throw RedisError.protocolViolation("a Redis command needs at least its name") }
        // hiredis takes an array of pointers: lay every argument in one contiguous block first.
        var block: [UInt8] = []
        block.reserveCapacity(arguments.reduce(0) { $0 + $1.bytes.count })
        var offsets: [Int] = []
        for argument in arguments {
            offsets.append(block.count)
            block.append(contentsOf: argument.bytes)
        }
        let lengths = arguments.map { $0.bytes.count }
        // An empty block (every argument empty) still needs a base address for the argv pointers.
        if block.isEmpty { block.append(0) }
        let encoded: [UInt8]? = block.withUnsafeBufferPointer { blockPointer -> [UInt8]? in
            guard let start = blockPointer.baseAddress else { return nil }
            let base = UnsafeRawPointer(start)
            var argv: [UnsafePointer<CChar>?] = offsets.map {
                base.advanced(by: $0).assumingMemoryBound(to: CChar.self)
            }
            var target: UnsafeMutablePointer<CChar>?
            let length = argv.withUnsafeMutableBufferPointer { argvPointer in
                lengths.withUnsafeBufferPointer { lengthPointer in
                    redisFormatCommandArgv(
                        &target, Int32(arguments.count), argvPointer.baseAddress, lengthPointer.baseAddress)
                }
            }
            guard length >= 0, let target else { return nil }
            defer { redisFreeCommand(target) }
            return Array(UnsafeRawBufferPointer(start: target, count: Int(length)))
        }
        guard let encoded else { throw RedisError.protocolViolation("hiredis could not allocate a command buffer") }
        buffer.writeBytes(encoded)
    }
}

/// Decodes RESP replies with hiredis' incremental reader.
final class RESPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = RESPValue

    private let reader: UnsafeMutablePointer<redisReader>

    /// - Throws: ``RedisError/protocolViolation(_:)`` when hiredis cannot allocate its reader.
    init() throws(RedisError) {
        guard let reader = redisReaderCreate() else { throw RedisError.protocolViolation("hiredis could not allocate a reader") }
        self.reader = reader
    }

    deinit { redisReaderFree(reader) }

    func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let fed = buffer.readableBytesView.withUnsafeBytes { bytes in
            redisReaderFeed(reader, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count)
        }
        guard fed == REDIS_OK else { throw RedisError.protocolViolation(readerError) }
        buffer.moveReaderIndex(forwardBy: buffer.readableBytes)
        while let value = try nextReply() {
            context.fireChannelRead(wrapInboundOut(value))
        }
        return .needMoreData
    }

    func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        try decode(context: context, buffer: &buffer)
    }

    private func nextReply() throws -> RESPValue? {
        var raw: UnsafeMutableRawPointer?
        guard redisReaderGetReply(reader, &raw) == REDIS_OK else {
            throw RedisError.protocolViolation(readerError)
        }
        guard let raw else { return nil }
        defer { freeReplyObject(raw) }
        return Self.convert(raw.assumingMemoryBound(to: redisReply.self))
    }

    private var readerError: String {
        withUnsafeBytes(of: &reader.pointee.errstr) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    private static func convert(_ reply: UnsafeMutablePointer<redisReply>) -> RESPValue {
        let value = reply.pointee
        func text() -> [UInt8] {
            guard let pointer = value.str else { return [] }
            return Array(UnsafeRawBufferPointer(start: pointer, count: Int(value.len)))
        }
        switch value.type {
        case REDIS_REPLY_STRING: return .bulk(text())
        case REDIS_REPLY_STATUS: return .status(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_ERROR: return .error(String(decoding: text(), as: UTF8.self))
        case REDIS_REPLY_INTEGER: return .integer(Int64(value.integer))
        case REDIS_REPLY_NIL: return .null
        case REDIS_REPLY_ARRAY:
            var elements: [RESPValue] = []
            elements.reserveCapacity(Int(value.elements))
            for index in 0..<Int(value.elements) {
                if let element = value.element[index] { elements.append(convert(element)) }
            }
            return .array(elements)
        default:
            return .error("unsupported reply type \(value.type)")
        }
    }
}
