import Foundation

/// What one input gave.
public struct StageOutput: Sendable {
    public var samples: [Sample]
    /// Parts of the input that were bad (a broken section, an unreadable entry), with reasons.
    public var rejections: [Finding]
    /// Parts of the input that were fine but gave nothing (a section without code), with reasons.
    public var skipped: [Finding]
    /// Facts about samples worth querying later (a quality reason, a dedup cluster), stored in
    /// the catalog's `sample_notes` table.
    public var notes: [SampleNote]
    /// Samples neither passed on nor dropped because work they need could not be done now (a
    /// model server that did not answer): recorded as findings of kind `pending`, and the part
    /// holding them is redone on the next run instead of being reused.
    public var pending: [Finding]

    public init(samples: [Sample] = [], rejections: [Finding] = [], skipped: [Finding] = [], notes: [SampleNote] = [],
                pending: [Finding] = []) {
        self.samples = samples
        self.rejections = rejections
        self.skipped = skipped
        self.notes = notes
        self.pending = pending
    }
}

/// A fact about one sample: `key` names what it is (`reason`, `cluster`, ...), `value` says it.
public struct SampleNote: Sendable, Hashable, Codable {
    public var sampleID: String
    public var key: String
    public var value: String

    public init(sampleID: String, key: String, value: String) {
        self.sampleID = sampleID
        self.key = key
        self.value = value
    }
}

/// A place inside an input and what was found there.
public struct Finding: Sendable, Hashable, Codable {
    public var locator: String
    public var reason: String

    public init(locator: String, reason: String) {
        self.locator = locator
        self.reason = reason
    }
}

/// An input refused as a whole, with a reason a user can act on.
public struct InputRejected: Error, CustomStringConvertible, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
