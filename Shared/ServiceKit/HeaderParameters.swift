import Foundation

/// Parameters of a structured header value (`multipart/form-data; boundary=…`,
/// `form-data; name="file"; filename="mod.jar"`).
public enum HeaderParameters {
    /// The value of `key` (case-insensitive), quotes removed, or nil.
    public static func value(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == key { return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return nil
    }
}
