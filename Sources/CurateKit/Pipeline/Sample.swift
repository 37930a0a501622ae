import Foundation

/// The one record that flows between stages: a prompt and its completion in one of the
/// shapes of `FORMATS.md`, with where it came from and what touched it.
///
/// Encoded as one JSON object per line with sorted keys, so equal samples give equal bytes.
public struct Sample: Codable, Hashable, Sendable {
    /// The shape of a sample (`FORMATS.md` sections 1 to 6, and plain text).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case qa
        case snapshot
        case agentQuery = "agent-query"
        case route
        case relay
        case text
        case review
    }

    /// Quality bands set by the quality stage.
    public enum Band: String, Codable, Sendable, CaseIterable {
        case high, marginal, low
    }

    /// Content digest of domain, kind, prompt and completion (see `Sample.digest`).
    public var id: String
    public var domain: String
    public var kind: Kind
    public var prompt: String
    public var completion: String
    public var source: SampleSource
    public var scores: [String: Double]
    public var band: Band?
    public var lineage: [LineageStep]

    public init(
        domain: String, kind: Kind, prompt: String, completion: String, source: SampleSource,
        scores: [String: Double] = [:], band: Band? = nil, lineage: [LineageStep] = []
    ) {
        self.id = Sample.digest(domain: domain, kind: kind, prompt: prompt, completion: completion)
        self.domain = domain
        self.kind = kind
        self.prompt = prompt
        self.completion = completion
        self.source = source
        self.scores = scores
        self.band = band
        self.lineage = lineage
    }

    /// The content digest that names a sample: the first 32 hex digits of SHA-256 over the
    /// domain, kind, prompt and completion separated by NUL bytes.
    public static func digest(domain: String, kind: Kind, prompt: String, completion: String) -> String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(domain.utf8.count + prompt.utf8.count + completion.utf8.count + 16)
        for (index, part) in [domain, kind.rawValue, prompt, completion].enumerated() {
            if index > 0 { bytes.append(0) }
            bytes.append(contentsOf: part.utf8)
        }
        return String(Digest.sha256Hex(bytes).prefix(32))
    }

    /// The text a model is trained on: prompt, a newline, completion.
    public var trainingText: String {
        completion.isEmpty ? prompt : prompt + "\n" + completion
    }
}

/// Where a sample came from.
public struct SampleSource: Codable, Hashable, Sendable {
    /// The input it was made from, relative to the project root when it lies inside it.
    public var uri: String
    /// A place inside the input: an element path, a line range, a trace file.
    public var locator: String
    /// The title of the work (a book's title), when it declares one.
    public var title: String?
    /// The licence the work declares, when it declares one.
    public var licence: String?

    public init(uri: String, locator: String, title: String? = nil, licence: String? = nil) {
        self.uri = uri
        self.locator = locator
        self.title = title
        self.licence = licence
    }
}

/// One stage that made or changed a sample, with its version and any parameters worth keeping
/// (a rewrite's model and prompt version, for example).
public struct LineageStep: Codable, Hashable, Sendable {
    public var stage: String
    public var version: String
    public var detail: [String: String]?

    public init(stage: String, version: String, detail: [String: String]? = nil) {
        self.stage = stage
        self.version = version
        self.detail = detail
    }
}
