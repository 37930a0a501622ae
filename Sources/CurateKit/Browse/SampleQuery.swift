import Foundation

/// What `curate inspect samples` was asked for: where to look, which samples, and whether to
/// pick a seeded random few instead of all.
public struct SampleQuery: Sendable, Hashable {
    public var domain: String?
    /// The stage whose parts to read; by default each domain's last stage that wrote parts,
    /// which holds the samples as they go on to be trained on.
    public var stage: String?
    public var filter: SampleFilter
    public var random: RandomChoice?

    public struct RandomChoice: Sendable, Hashable {
        public var count: Int
        public var seed: UInt64

        public init(count: Int, seed: UInt64) {
            self.count = count
            self.seed = seed
        }
    }

    public init(domain: String? = nil, stage: String? = nil, filter: SampleFilter = SampleFilter(), random: RandomChoice? = nil) {
        self.domain = domain
        self.stage = stage
        self.filter = filter
        self.random = random
    }
}

public enum SampleBrowserError: Error, CustomStringConvertible, Equatable {
    case noOutput(String)
    case noParts(String)

    public var description: String {
        switch self {
        case let .noOutput(path): "no output in \(path): run `make` or a stage first"
        case let .noParts(detail): detail
        }
    }
}
