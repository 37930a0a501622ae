import Foundation

/// Settings every stage of a domain shares, from the top of `pipelines/<domain>.toml`.
public struct DomainSettings: Sendable, Hashable {
    /// The domain's name: `cpp`, `cmake`, `shell`, `debug`, ...
    public var name: String
    /// The language of the domain's code, which decides comment syntax in samples.
    public var language: CodeLanguage
    /// The folder that relative paths in the pipeline file are resolved against.
    public var root: URL
    /// What the redactor applied to every sample a stage writes leaves in place (`[redaction]`).
    public var redaction: RedactionSettings

    public init(name: String, language: CodeLanguage, root: URL, redaction: RedactionSettings = RedactionSettings()) {
        self.name = name
        self.language = language
        self.root = root
        self.redaction = redaction
    }
}

/// The language of a domain's code, and with it how comments are written in samples.
public enum CodeLanguage: String, Sendable, Hashable, CaseIterable, Codable {
    case cpp, cmake, shell

    /// Prefix for a one-line comment.
    public var lineComment: String {
        switch self {
        case .cpp: return "//"
        case .cmake, .shell: return "#"
        }
    }
}
