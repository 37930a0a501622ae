/// The `[redaction]` section of a pipeline file: what the redactor leaves in place.
///
/// ```toml
/// [redaction]
/// enabled = true                       # redact every sample a stage writes
/// allowed_domains = ["example.com"]    # e-mail domains kept (subdomains too)
/// allowed_ip_ranges = ["192.0.2.0/24"] # addresses kept (IPv4 or IPv6 CIDR)
/// keep_licence_addresses = false       # keep e-mail addresses on copyright/licence lines
/// allowed_users = ["user"]             # home-directory names that are placeholders already
/// ```
///
/// Each list replaces its default; the defaults are the reserved documentation names and
/// ranges (RFC 2606, 5737, 3849), loopback, private networks and the unspecified address,
/// which identify no one.
public struct RedactionSettings: Sendable, Hashable {
    public var enabled = true
    public var allowedDomains = ["example.com", "example.org", "example.net", "example", "test", "invalid", "localhost"]
    public var allowedIPRanges = [
        "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "127.0.0.0/8", "0.0.0.0/32", "255.255.255.255/32",
        "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "2001:db8::/32", "::1/128", "::/128", "fe80::/10",
    ]
    public var keepLicenceAddresses = false
    public var allowedUsers = ["user", "username", "you", "me", "someone", "name", "yourname", "your-name", "example", "myuser"]

    public init() {}

    public init(section: ConfigTable) throws {
        enabled = try section.bool("enabled", default: enabled)
        allowedDomains = try section.strings("allowed_domains", default: allowedDomains).map { $0.lowercased() }
        allowedIPRanges = try section.strings("allowed_ip_ranges", default: allowedIPRanges)
        keepLicenceAddresses = try section.bool("keep_licence_addresses", default: keepLicenceAddresses)
        allowedUsers = try section.strings("allowed_users", default: allowedUsers)
        try section.rejectUnknownKeys()
        for range in allowedIPRanges where AddressRange(range) == nil {
            throw ConfigError.invalid(file: section.file, key: section.qualified("allowed_ip_ranges"),
                                      line: section.line(of: "allowed_ip_ranges"),
                                      reason: "'\(range)' is not an IPv4 or IPv6 range such as 192.0.2.0/24")
        }
    }

    /// Joins the keys of every task a redacting stage runs: other settings, other output.
    public var digest: String {
        Digest.combine(["redaction v" + Redactor.version, "\(enabled)", allowedDomains.joined(separator: ","), allowedIPRanges.joined(separator: ","),
                        "\(keepLicenceAddresses)", allowedUsers.joined(separator: ",")])
    }
}
