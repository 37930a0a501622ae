/// What a redaction removed, and the typed placeholder that takes its place.
///
/// The catalog records the kind and the place of every redaction, never the text removed.
public enum RedactionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case email
    case ip
    case privateKey = "private-key"
    case awsKey = "aws-key"
    case githubToken = "github-token"
    case slackToken = "slack-token"
    case bearerToken = "bearer-token"
    case secretAssignment = "secret-assignment"
    case urlCredentials = "url-credentials"
    case homeDirectory = "home-directory"

    /// What replaces the removed text. Placeholders contain no character a pattern looks for,
    /// so redacting twice changes nothing.
    public var placeholder: String {
        switch self {
        case .email: return "<EMAIL>"
        case .ip: return "<IP>"
        case .privateKey, .awsKey, .githubToken, .slackToken, .bearerToken, .secretAssignment: return "<KEY>"
        case .urlCredentials: return "<CREDENTIALS>"
        case .homeDirectory: return "<USER>"
        }
    }
}
