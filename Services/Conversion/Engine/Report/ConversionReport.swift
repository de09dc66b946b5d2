import Previews
/// What a conversion did with each feature of the mod, honestly: converted, approximated (with the
/// smart assumption that stands in), skipped or failed. Rendered by the engine as JSON, HTML and
/// CSV.
public struct ConversionReport: Sendable, Equatable {
    /// The kinds of feature the report counts.
    public enum Kind: String, Sendable, CaseIterable {
        case block, item, recipe
        case lootTable = "loot_table"
        case texture, model, sound, lang
        case behaviour
    }

    /// What happened to one feature.
    public enum Status: String, Sendable, CaseIterable {
        case converted, approximated, skipped, failed
    }

    /// How much a user loses where the Java feature had to be approximated or left out.
    public enum Impact: String, Sendable {
        case low, medium, high
    }

    /// What stands in for a Java feature Bedrock cannot express, why, and what it costs.
    public struct Assumption: Sendable, Equatable {
        public var standIn: String
        public var reason: String
        public var impact: Impact
        /// Present when the AI engine proposed the stand-in rather than a rule of the engine.
        public var suggestion: Suggestion?

        public init(standIn: String, reason: String, impact: Impact, suggestion: Suggestion? = nil) {
            self.standIn = standIn
            self.reason = reason
            self.impact = impact
            self.suggestion = suggestion
        }
    }

    /// An AI engine proposal: the kind its classifier gave the Java class, the knowledge-base entry
    /// nearest to it, and the models (name@version) that said so.
    public struct Suggestion: Sendable, Equatable {
        public var kind: String
        public var confidence: Double
        public var classifier: String
        public var entry: String
        public var entryTitle: String
        public var similarity: Double
        public var embedder: String

        public init(kind: String, confidence: Double, classifier: String, entry: String, entryTitle: String, similarity: Double, embedder: String) {
            self.kind = kind
            self.confidence = confidence
            self.classifier = classifier
            self.entry = entry
            self.entryTitle = entryTitle
            self.similarity = similarity
            self.embedder = embedder
        }
    }

    /// A block's or item's previews: the Java and Bedrock renders (names of the conversion's preview
    /// images) and how well they agree (``Previews/Agreement``).
    public struct Preview: Sendable, Equatable {
        public var java: String
        public var bedrock: String
        /// 0–1: the silhouettes' overlap times the colours' closeness.
        public var score: Double
        public var looksDifferent: Bool
        /// Why they differ, when they do (`silhouette differs`, `colours differ`, …), or a preview that
        /// could not be drawn (malformed texture or geometry).
        public var reason: String?

        public init(java: String, bedrock: String, score: Double, looksDifferent: Bool, reason: String?) {
            self.java = java
            self.bedrock = bedrock
            self.score = score
            self.looksDifferent = looksDifferent
            self.reason = reason
        }
    }

    /// The agreement score under which a preview is flagged "looks different".
    public static var previewThreshold: Double { Agreement.threshold }

    /// One feature's line.
    public struct Feature: Sendable, Equatable {
        public var kind: Kind
        public var javaID: String
        public var bedrockID: String?
        public var status: Status
        /// Present for everything not `converted`.
        public var assumption: Assumption?
        /// Defaults used where the jar did not say (a hardness class analysis could not recover),
        /// and suggestions from the AI hook.
        public var notes: [String]
        /// Blocks and items drawn Java beside Bedrock (when previews were asked for).
        public var preview: Preview?

        public init(kind: Kind, javaID: String, bedrockID: String?, status: Status, assumption: Assumption? = nil, notes: [String] = []) {
            self.kind = kind
            self.javaID = javaID
            self.bedrockID = bedrockID
            self.status = status
            self.assumption = assumption
            self.notes = notes
        }
    }

    public var metadata: ModMetadata
    public var features: [Feature]
    public var warnings: [String]
    /// Seconds per stage, in pipeline order.
    public var stageSeconds: [(stage: String, seconds: Double)]

    public init(metadata: ModMetadata, features: [Feature] = [], warnings: [String] = [], stageSeconds: [(stage: String, seconds: Double)] = []) {
        self.metadata = metadata
        self.features = features
        self.warnings = warnings
        self.stageSeconds = stageSeconds
    }

    public static func == (lhs: ConversionReport, rhs: ConversionReport) -> Bool {
        lhs.metadata == rhs.metadata && lhs.features == rhs.features && lhs.warnings == rhs.warnings
            && lhs.stageSeconds.map(\.stage) == rhs.stageSeconds.map(\.stage)
            && lhs.stageSeconds.map(\.seconds) == rhs.stageSeconds.map(\.seconds)
    }

    /// Features of one kind by status.
    public func count(_ kind: Kind, _ status: Status) -> Int {
        features.filter { $0.kind == kind && $0.status == status }.count
    }

    /// Whether the mod held nothing the engine could convert.
    public var nothingToConvert: Bool { !features.contains { $0.status == .converted || $0.status == .approximated } }

    /// 0–100: converted features count fully, approximated ones half; 0 when there is nothing.
    public var score: Double {
        guard !features.isEmpty else { return 0 }
        let points = features.reduce(0.0) { total, feature in
            total + (feature.status == .converted ? 1 : feature.status == .approximated ? 0.5 : 0)
        }
        return (points / Double(features.count) * 1000).rounded() / 10
    }
}
