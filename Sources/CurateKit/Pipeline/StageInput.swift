import Foundation

/// One unit of work: a file or a folder (a book, a trace case, an upstream part).
public struct StageInput: Sendable, Hashable {
    /// Stable key that orders inputs and assigns them to parts: the path relative to the domain
    /// root for sources, relative to the output root for files the pipeline made.
    public var id: String
    public var url: URL
    /// Other files or folders the output depends on (a tokenizer a shard stage encodes with):
    /// their digests join the input's, so a change to them redoes the input.
    public var dependencies: [URL]

    public init(id: String, url: URL, dependencies: [URL] = []) {
        self.id = id
        self.url = url
        self.dependencies = dependencies
    }
}
