import Foundation

/// One pattern of the redactor: the kind it finds, when it is worth running, and which part of
/// a match is replaced (nil refuses the match: an allowed domain, a version number, a value
/// that is code rather than a secret).
struct RedactionRule: @unchecked Sendable {
    let kind: RedactionKind
    let regex: NSRegularExpression
    let applies: (TextClues) -> Bool
    let accepted: (NSTextCheckingResult, NSString) -> NSRange?

    init(_ kind: RedactionKind, _ pattern: String, options: NSRegularExpression.Options = [],
         when applies: @escaping (TextClues) -> Bool,
         accept accepted: @escaping (NSTextCheckingResult, NSString) -> NSRange? = { match, _ in match.range }) {
        self.kind = kind
        // The patterns are constants of this file; one that does not compile is a bug here.
        self.regex = try! NSRegularExpression(pattern: pattern, options: options)
        self.applies = applies
        self.accepted = accepted
    }

    static func all(_ settings: RedactionSettings) -> [RedactionRule] {
        let ranges = settings.allowedIPRanges.compactMap(AddressRange.init)
        let domains = settings.allowedDomains
        let users = Set(settings.allowedUsers.map { $0.lowercased() })
        return [
            // Words of the armour lines may be wrapped onto the next line, as reflowed prose does.
            RedactionRule(.privateKey,
                          #"-----BEGIN\s+(?:[A-Z0-9]+\s+)*PRIVATE\s+KEY(?:\s+BLOCK)?-----(?:[\s\S]*?-----END\s+(?:[A-Z0-9]+\s+)*PRIVATE\s+KEY(?:\s+BLOCK)?-----|(?:[A-Za-z0-9+/=\s]|\\n)*)"#,
                          when: { $0.dashes }),
            RedactionRule(.awsKey, #"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}(?![A-Z0-9])"#,
                          when: { $0.upperCaseRun }),
            RedactionRule(.githubToken, #"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])"#,
                          when: { $0.secretWord }),
            RedactionRule(.slackToken, #"(?<![A-Za-z0-9-])xox[abposr]-[A-Za-z0-9-]{10,250}|hooks\.slack\.com/services/([A-Za-z0-9_/]{20,})"#,
                          when: { $0.secretWord },
                          accept: { match, _ in match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range }),
            RedactionRule(.bearerToken, #"\b[Bb]earer\s+([A-Za-z0-9\-._~+/]{16,}=*)"#, when: { $0.secretWord },
                          accept: { match, text in
                              let range = match.range(at: 1)
                              return SecretValue.looksRandom(text.substring(with: range)) ? range : nil
                          }),
            RedactionRule(.secretAssignment, SecretValue.assignmentPattern, options: [.caseInsensitive], when: { $0.secretWord },
                          accept: SecretValue.accept),
            RedactionRule(.urlCredentials, #"\b[A-Za-z][A-Za-z0-9+.-]{1,15}://([^\s/:@'"<>]+:([^\s/@'"<>]+))@"#,
                          when: { $0.scheme && $0.at },
                          accept: { match, text in
                              let password = text.substring(with: match.range(at: 2))
                              return password.first.map { "$%{*".contains($0) } == true ? nil : match.range(at: 1)
                          }),
            RedactionRule(.email,
                          #"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@((?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))(?![A-Za-z0-9-])"#,
                          when: { $0.at && $0.dot },
                          accept: { match, text in
                              let domain = text.substring(with: match.range(at: 1)).lowercased()
                              let top = text.substring(with: match.range(at: 2)).lowercased()
                              if SecretValue.fileExtensions.contains(top) { return nil }
                              if domains.contains(where: { domain == $0 || domain.hasSuffix("." + $0) }) { return nil }
                              if settings.keepLicenceAddresses, SecretValue.isLicenceLine(text, around: match.range) { return nil }
                              // "Jane Doe <jane@example.org>" (author and copyright lines): the
                              // brackets go with the address, so the line reads "Jane Doe <EMAIL>"
                              // rather than "<<EMAIL>>".
                              let range = match.range
                              if range.location > 0, NSMaxRange(range) < text.length,
                                 text.character(at: range.location - 1) == 0x3C, text.character(at: NSMaxRange(range)) == 0x3E {
                                  return NSRange(location: range.location - 1, length: range.length + 2)
                              }
                              return range
                          }),
            RedactionRule(.ip,
                          #"(?<![0-9A-Za-z_.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9A-Za-z_]|\.[0-9])"#,
                          when: { $0.dot },
                          accept: { match, text in
                              let address = text.substring(with: match.range)
                              guard let bytes = AddressRange.bytes(of: address), !ranges.contains(where: { $0.contains(bytes) }),
                                    !SecretValue.isVersionContext(text, before: match.range),
                                    !SecretValue.isSectionNumber(text, after: match.range) else { return nil }
                              return match.range
                          }),
            RedactionRule(.ip, #"(?<![0-9A-Za-z_:.])[0-9A-Fa-f:]{2,39}(?![0-9A-Za-z_:])"#,
                          when: { $0.colon },
                          accept: { match, text in
                              let address = text.substring(with: match.range)
                              guard SecretValue.looksLikeIPv6(address), let bytes = AddressRange.bytes(of: address),
                                    !ranges.contains(where: { $0.contains(bytes) }) else { return nil }
                              return match.range
                          }),
            RedactionRule(.homeDirectory, #"(?:(?<![A-Za-z0-9._~%-])/home/|(?<![A-Za-z0-9._~%-])/Users/|\b[A-Za-z]:(?:\\{1,2}|/)Users(?:\\{1,2}|/))([A-Za-z0-9._-]+)"#,
                          when: { $0.slashOrBackslash },
                          accept: { match, text in
                              let name = text.substring(with: match.range(at: 1))
                              return users.contains(name.lowercased()) ? nil : match.range(at: 1)
                          }),
        ]
    }
}
