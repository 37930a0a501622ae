import Foundation

/// Which samples `curate inspect samples` shows: every condition given must hold.
public struct SampleFilter: Sendable, Hashable {
    public var band: Sample.Band?
    public var kind: Sample.Kind?
    /// Text that must occur in what is trained on (prompt and completion), case-sensitive as grep.
    public var text: String?
    /// The start of the sample's id.
    public var idPrefix: String?

    public init(band: Sample.Band? = nil, kind: Sample.Kind? = nil, text: String? = nil, idPrefix: String? = nil) {
        self.band = band
        self.kind = kind
        self.text = text
        self.idPrefix = idPrefix
    }

    public func matches(_ sample: Sample) -> Bool {
        if let band, sample.band != band { return false }
        if let kind, sample.kind != kind { return false }
        if let idPrefix, !sample.id.hasPrefix(idPrefix) { return false }
        if let text, !sample.trainingText.contains(text) { return false }
        return true
    }
}
