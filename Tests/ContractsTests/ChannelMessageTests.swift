import Contracts
import Foundation
import Testing

/// The messages that cross process boundaries on Redis: their exact wire text, round trips, the
/// earlier release's forms, and precise refusals.
@Suite("Channel messages")
struct ChannelMessageTests {
    let conversion = UUID(uuidString: "6F1C2A8E-0B7D-4C1E-9A55-3D2B1F0E9C7A")!
    let user = UUID(uuidString: "0A1B2C3D-4E5F-4061-8273-849506172839")!
    let at = Date(timeIntervalSince1970: 1_796_000_000)

    @Test func channelNamesRoundTripAndControlChannelsAreNotSubscribable() throws {
        let all: [ChannelName] = [.conversion(conversion), .user(user), .doc(conversion), .sessionsEnded, .accessRevoked, .userDeleted]
        for channel in all {
            #expect(ChannelName(channel.description) == channel)
            #expect((ChannelName(subscribable: channel.description) != nil) == channel.isSubscribable)
        }
        #expect(ChannelName.conversion(conversion).description == "conversion:6f1c2a8e-0b7d-4c1e-9a55-3d2b1f0e9c7a")
        #expect(ChannelName.userDeleted.description == "events:user.deleted")
        #expect(ChannelName(subscribable: "sessions:ended") == nil)
        #expect(ChannelName(subscribable: "report:\(conversion)") == nil)
        #expect(ChannelName(subscribable: "conversion:not-a-uuid") == nil)
        #expect(ChannelName("conversion:" + String(repeating: "a", count: 80)) == nil)
    }

    @Test func aProgressEventHasItsDocumentedWireTextAndRoundTrips() throws {
        let event = ProgressEvent(type: .completed, conversionID: conversion, stage: .completed, percent: 100, message: "done a/b",
                                  timestamp: at, counts: ["converted": 3, "approximated": 1])
        #expect(event.wireText == #"{"conversion_id":"6f1c2a8e-0b7d-4c1e-9a55-3d2b1f0e9c7a","counts":{"approximated":1,"converted":3},"message":"done a/b","percent":100,"stage":"completed","ts":"2026-11-30T00:53:20Z","type":"completed"}"#)
        #expect(try ProgressEvent.decode(wire: event.wireText) == event)
        #expect(event.channel == .conversion(conversion))
        #expect(event.type.isFinal)
        // What the event channel adds (id, published_ms) is read by EventStamp and ignored by the event.
        let stored = String(event.wireText.dropLast()) + #","id":7,"published_ms":1796000000123}"#
        #expect(try ProgressEvent.decode(wire: stored) == event)
        #expect(EventStamp(event: stored) == EventStamp(id: 7, publishedMs: 1_796_000_000_123))
        #expect(EventStamp(event: event.wireText) == nil)
    }

    @Test func aProgressEventWithoutCountsLeavesThemOutAndPercentIsClamped() throws {
        let event = ProgressEvent(type: .progress, conversionID: conversion, stage: .converting, percent: 140, message: "blocks", timestamp: at)
        #expect(!event.wireText.contains("counts"))
        #expect(event.percent == 100)
        #expect(!event.type.isFinal)
    }

    @Test func controlMessagesHaveTheirWireTextAndReadTheEarlierReleasesForms() throws {
        let ended = SessionEnded(sessionID: user)
        #expect(ended.wireText == #"{"session_id":"0a1b2c3d-4e5f-4061-8273-849506172839","type":"session.ended"}"#)
        #expect(try SessionEnded.decode(wire: ended.wireText) == ended)
        #expect(try SessionEnded.decode(wire: user.uuidString.lowercased()) == ended)

        let one = AccessRevoked(conversionID: conversion, userID: user)
        let everyone = AccessRevoked(conversionID: conversion, userID: nil)
        #expect(everyone.wireText == #"{"conversion_id":"6f1c2a8e-0b7d-4c1e-9a55-3d2b1f0e9c7a","type":"access.revoked","user_id":null}"#)
        #expect(try AccessRevoked.decode(wire: one.wireText) == one)
        #expect(try AccessRevoked.decode(wire: everyone.wireText) == everyone)
        #expect(try AccessRevoked.decode(wire: "\(conversion.uuidString.lowercased())|\(user.uuidString.lowercased())") == one)
        #expect(try AccessRevoked.decode(wire: "\(conversion.uuidString.lowercased())|*") == everyone)

        let deleted = UserDeleted(userID: user, at: at)
        #expect(deleted.wireText == #"{"at":"2026-11-30T00:53:20Z","type":"user.deleted","user_id":"0a1b2c3d-4e5f-4061-8273-849506172839"}"#)
        #expect(try UserDeleted.decode(wire: deleted.wireText) == deleted)
        #expect([ended.channel, one.channel, deleted.channel] == [.sessionsEnded, .accessRevoked, .userDeleted])
    }

    @Test func malformedMessagesAreRefusedNamingWhatIsWrong() {
        #expect(throws: WireMessageError(expected: "SessionEnded", reason: #"no "session_id""#)) {
            try SessionEnded.decode(wire: #"{"type":"session.ended"}"#)
        }
        #expect(throws: WireMessageError.self) { try AccessRevoked.decode(wire: "\(conversion)|someone") }
        #expect(throws: WireMessageError.self) { try UserDeleted.decode(wire: #"{"type":"session.ended","user_id":"\#(user)","at":"2026-01-01T00:00:00Z"}"#) }
        #expect(throws: WireMessageError.self) { try UserDeleted.decode(wire: #"{"type":"user.deleted","user_id":"\#(user)","at":"yesterday"}"#) }
        #expect(throws: WireMessageError.self) { try ProgressEvent.decode(wire: #"{"type":"progress","conversion_id":"\#(conversion)","stage":"dreaming","percent":1,"message":"","ts":"2026-01-01T00:00:00Z"}"#) }
        #expect(throws: WireMessageError.self) { try ProgressEvent.decode(wire: "[]") }
        #expect(throws: WireMessageError.self) { try ProgressEvent.decode(wire: "") }
    }

    @Test func aDocumentEditCarriesItsOperationsVerbatim() throws {
        let ops = #"[{"op":"add","path":"/a","value":[]},{"op":"replace","path":"/n","value":12345678901234567890}]"#
        let edit = DocumentEditEvent(seq: 4, baseSeq: 3, author: user, path: "BP/blocks/a \"b\".json", opsJSON: ops, publishedMs: 1_796_000_000_000)
        #expect(edit.wireText.contains(#""ops":\#(ops)"#))
        #expect(edit.wireText.hasPrefix(#"{"type":"edit","seq":4,"base_seq":3,"#))
        #expect(edit.wireText.hasSuffix(#","id":4,"published_ms":1796000000000}"#))
        #expect(edit.unstampedText + "" == String(edit.wireText.prefix(edit.unstampedText.count - 1)) + "}")
        #expect(EventStamp(event: edit.unstampedText) == nil)
        let read = try WireCodec.decode(DocumentEditEvent.self, from: edit.wireText)
        #expect(read.seq == 4 && read.baseSeq == 3 && read.author == user && read.path == edit.path && read.publishedMs == edit.publishedMs)
        #expect(EventStamp(event: edit.wireText) == EventStamp(id: 4, publishedMs: 1_796_000_000_000))
    }

    @Test func relayFramesRoundTripAndAreNeverTakenForEvents() {
        let frame = RelayFrame(connection: "c-1", envelope: #"{"type":"cursor","data":{"a|b":1}}"#)
        #expect(frame.wireText.utf8.first == RelayFrame.marker)
        #expect(RelayFrame(wire: frame.wireText) == frame)
        #expect(RelayFrame(wire: #"{"id":1}"#) == nil)
        #expect(RelayFrame(wire: "~no-bar") == nil)
        #expect(EventStamp(event: frame.wireText) == nil)
    }

    @Test func statusesStagesAndTypesAreTheDocumentedWords() {
        #expect(ConversionStatus.allCases.map(\.rawValue) == ["queued", "running", "completed", "failed", "cancelled"])
        #expect(ConversionStatus.allCases.filter(\.isFinal) == [.completed, .failed, .cancelled])
        #expect(ProgressStage.allCases.map(\.rawValue) == ["queued", "analyzing", "planning", "converting", "packaging", "validating", "completed", "failed", "cancelled"])
        #expect(ProgressEventType.allCases.filter(\.isFinal) == [.completed, .failed, .cancelled])
    }
}
