import Foundation

/// One sample as the browser shows it: the sample, where in out/ it was read, and the text a
/// model is trained on. Encoded as one `--json` line.
public struct BrowsedSample: Codable, Hashable, Sendable {
    /// The stage whose parts hold it.
    public var stage: String
    /// The part file, relative to the output root.
    public var part: String
    /// Its line in the part, counted from 1.
    public var line: Int
    public var sample: Sample
    /// `sample.trainingText`, written out so scripts need not rebuild it.
    public var trainingText: String
    /// Why the quality stage gave it its band (from the catalog; empty when there is none).
    public var reasons: [String]

    public init(stage: String, part: String, line: Int, sample: Sample, reasons: [String] = []) {
        self.stage = stage
        self.part = part
        self.line = line
        self.sample = sample
        self.trainingText = sample.trainingText
        self.reasons = reasons
    }
}
