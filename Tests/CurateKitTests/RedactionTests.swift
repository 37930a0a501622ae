import Foundation
import Testing
@testable import CurateKit

/// The redactor on planted secrets of every kind, the things it must leave alone, and the
/// whole path from a book or a trace case to parts, task records and the catalog.
@Suite struct RedactionTests {
    /// Made-up secrets, each well-formed for its kind, with the kind it must be found as.
    static let planted: [(secret: String, line: String, kind: RedactionKind)] = [
        ("alice.martin@corp-mail.io", "// Contact alice.martin@corp-mail.io for access.", .email),
        ("81.2.69.160", "ssh admin@81.2.69.160", .ip),
        ("2a00:1450:4001:82a::200e", "server at 2a00:1450:4001:82a::200e answers", .ip),
        ("MIIEowIBAAKCAQEA7bq9ZkPlanted0nly4Tests", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7bq9ZkPlanted0nly4Tests\nQ29kZSBmb3IgdGVzdHM=\n-----END RSA PRIVATE KEY-----", .privateKey),
        ("AKIAQ3EGRTYZX7PL2M4N", "aws_access_key_id AKIAQ3EGRTYZX7PL2M4N", .awsKey),
        ("ghp_4Fq9ZtN3vR7xLm2PwK9sYdB6cJ1hT0aUeG5i", "git clone with ghp_4Fq9ZtN3vR7xLm2PwK9sYdB6cJ1hT0aUeG5i", .githubToken),
        ("xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", "SLACK=xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp", .slackToken),
        ("q8ZtN3vR7xLm2PwK9sYd", "API_KEY = \"q8ZtN3vR7xLm2PwK9sYd\"", .secretAssignment),
        ("7fc9a1e04b2d4c9e8a1f", "export DB_TOKEN=7fc9a1e04b2d4c9e8a1f", .secretAssignment),
        ("hunter2!", "password: \"hunter2!\"", .secretAssignment),
        ("eyJhbGciOiJIUzI1NiJ9x7Q2", "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9x7Q2'", .bearerToken),
        ("deploy:s3cr3tPass", "git remote add origin https://deploy:s3cr3tPass@git.corp-mail.io/repo.git", .urlCredentials),
        ("jdoe", "cc /home/jdoe/projects/app/main.cpp", .homeDirectory),
        ("mkovacs", "C:\\Users\\mkovacs\\source\\app.exe", .homeDirectory),
    ]

    @Test func everyPlantedKindIsReplacedByItsPlaceholder() {
        let redactor = Redactor()
        for (secret, line, kind) in Self.planted {
            let (text, redactions) = redactor.redact(line)
            #expect(!text.contains(secret), "\(kind): \(text)")
            #expect(redactions.contains { $0.kind == kind }, "\(kind) not recorded in \(redactions) for \(line)")
            #expect(text.contains(kind.placeholder), "\(text)")
        }
        let (_, lines) = redactor.redact("one\ntwo alice.martin@corp-mail.io\nthree 81.2.69.160")
        #expect(lines == [Redaction(kind: .email, line: 2), Redaction(kind: .ip, line: 3)])
        // Prose wrapped into an answer breaks the line after the name: the value still goes.
        for wrapped in ["export DB_TOKEN password:\n\"hunter2!\" curl", "// password:\n// \"hunter2!\""] {
            #expect(!redactor.redact(wrapped).text.contains("hunter2!"), "\(wrapped)")
        }
        #expect(redactor.redact("int key:\nreturn 12345678;").redactions.isEmpty, "a bare word on the next line is code")
    }

    /// An author's address in angle brackets (copyright and "Written by" lines) is replaced
    /// with its brackets: the line reads "Name <EMAIL>", not "Name <<EMAIL>>".
    @Test func bracketedAuthorAddressLeavesOnePlaceholder() {
        let redactor = Redactor()
        let header = """
            // Copyright (C) 2009 Nick Jones <nick.jones@corp-mail.io>
             * Written by Ann Roe <ann@corp-mail.io>, February 2017.
            std::string to = "<ops@corp-mail.io>";
            mail (bob@corp-mail.io) or <x@corp-mail.io
            """
        let (text, redactions) = redactor.redact(header)
        #expect(text == """
            // Copyright (C) 2009 Nick Jones <EMAIL>
             * Written by Ann Roe <EMAIL>, February 2017.
            std::string to = "<EMAIL>";
            mail (<EMAIL>) or <<EMAIL>
            """)
        #expect(redactions.map(\.line) == [1, 2, 3, 4, 4])
        #expect(redactor.redact(text).redactions.isEmpty)
    }

    /// Text a redactor must leave as it is: code that looks like an address but is not,
    /// reserved names and ranges, values that are code rather than secrets.
    @Test func lookalikesAndAllowedValuesStay() {
        let redactor = Redactor()
        let kept = [
            "std::chrono::duration<int> d; a::b::c(1);",
            "auto t = std::map<int, int>{}; ns1::f2::g3();",
            "The build ran at 12:30:45 on de:ad:be:ef:00:01.",
            "Requires version 1.2.3.4 of libfoo; Version: 10.0.19041.1",
            "OID 1.3.6.1.4.1.311 names the vendor",
            "7.20.7.2 The mbtowc function; 3.5.8.1 Pattern Matching; see section 6.5.2.1 for more; per 17.4.4.4 para. 2",
            "http://www.iso.org/iso/home/store.htm and https://host/Users/list",
            "mail user@example.com or admin@mail.example.org; see http://192.0.2.15/ and 127.0.0.1",
            "listen on 10.0.0.7 and 192.168.1.1, documentation net 2001:db8::1 and ::1",
            "auto token = next_token(); int max_key = 10; std::string key = \"name\";",
            "if (password == input) return; password = read_line();",
            "/// @param value the input; load icon@2x.png",
            "cd /home/user/project && ls /home/$USER",
            "const char* api_key = getenv(\"API_KEY\"); token: ${GITHUB_TOKEN}",
            "-----BEGIN PUBLIC KEY----- is not secret",
        ]
        for line in kept {
            let (text, redactions) = redactor.redact(line)
            #expect(text == line && redactions.isEmpty, "changed: \(line) -> \(text)")
        }
    }

    @Test func settingsExceptionsApply() throws {
        var settings = RedactionSettings()
        settings.keepLicenceAddresses = true
        settings.allowedDomains = ["corp-mail.io"]
        settings.allowedIPRanges = ["81.2.69.0/24"]
        let redactor = Redactor(settings: settings)
        #expect(redactor.redact("// Copyright 2024 Bo Lind <bo@lind.se>").redactions.isEmpty)
        #expect(redactor.redact("write to bo@lind.se").redactions.map(\.kind) == [.email])
        #expect(redactor.redact("ops@corp-mail.io at 81.2.69.160").redactions.isEmpty)
        #expect(redactor.redact("user@example.com").redactions.map(\.kind) == [.email], "the list replaces the default")

        let table = try ConfigTable.parse("[redaction]\nallowed_ip_ranges = [\"300.1.2.0/24\"]\n", file: "p.toml").table("redaction")
        #expect(throws: ConfigError.self) { try RedactionSettings(section: table) }
        var off = RedactionSettings()
        off.enabled = false
        #expect(Redactor(settings: off).redact("alice.martin@corp-mail.io").redactions.isEmpty)
    }

    /// Redacting twice gives what redacting once gave, on every planted line and mixes of them.
    @Test func redactionIsIdempotent() {
        let redactor = Redactor()
        var random = SplitMix64(seed: 11)
        for _ in 0..<100 {
            let count = 1 + Int(random.next() % 4)
            let text = (0..<count).map { _ in Self.planted[Int(random.next() % UInt64(Self.planted.count))].line }.joined(separator: "\n")
            let once = redactor.redact(text).text
            let twice = redactor.redact(once)
            #expect(twice.text == once && twice.redactions.isEmpty, "\(once) -> \(twice.text)")
        }
    }

    /// Secrets in string literals leave literals behind: the redacted program still compiles.
    @Test func redactedCodeStillCompiles() throws {
        let source = """
            #include <string>
            const std::string kKey = "AKIAQ3EGRTYZX7PL2M4N";
            const char* kMail = "alice.martin@corp-mail.io";
            const char* kHost = "81.2.69.160";
            std::string api_key = "q8ZtN3vR7xLm2PwK9sYd";
            const char* kPassword = "hunter2!"; // password: "hunter2!"
            const char* pem = "-----BEGIN RSA PRIVATE KEY-----\\n"
                "MIIEowIBAAKCAQEA7bq9ZkPlanted0nly4Tests\\n"
                "-----END RSA PRIVATE KEY-----\\n";
            const char* single = "-----BEGIN EC PRIVATE KEY-----\\nMHcCAQEEIPlanted0nly4Tests\\n";
            const char* repo = "https://deploy:s3cr3tPass@git.corp-mail.io/repo.git";
            const char* path = "/home/jdoe/data.txt";
            const char* win = "C:\\\\Users\\\\mkovacs\\\\app";
            int main() { return kKey.size() + api_key.size() > 0 ? 0 : 1; }
            """
        let (text, redactions) = Redactor().redact(source)
        for secret in ["AKIAQ3EGRTYZX7PL2M4N", "alice.martin", "81.2.69.160", "q8ZtN3vR7xLm2PwK9sYd", "MIIEow", "MHcCAQ",
                       "s3cr3tPass", "jdoe", "mkovacs"] {
            #expect(!text.contains(secret), "\(secret) left in\n\(text)")
        }
        #expect(Set(redactions.map(\.kind)).count >= 7)
        let folder = TemporaryFolder()
        let file = try folder.write(text, to: "redacted.cpp")
        let compiler = ProcessRunner(executable: try #require(ProcessRunner.locate("g++")))
        let result = try compiler.run(["-std=c++20", "-fsyntax-only", file.path], in: folder.url, timeLimit: 60)
        #expect(result.succeeded, "\(result.text)\n\(text)")
    }

    /// A book, a trace case, a patch and a source tree with planted secrets: after the stages
    /// run, no secret is in a part, a task record, the catalog or the run's summary, and the
    /// catalog says what was redacted where.
    @Test func plantedSecretsReachNoPartRecordOrCatalog() throws {
        let project = TemporaryFolder()
        let secrets = Self.planted.filter { ![.ip].contains($0.kind) || $0.secret == "81.2.69.160" }
        let prose = secrets.map { $0.line.replacingOccurrences(of: "\n", with: " ") }.joined(separator: " ")
        let code = secrets.map { "// " + $0.line.replacingOccurrences(of: "\n", with: "\n// ") }.joined(separator: "\n")
        try project.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <html xmlns="http://www.w3.org/1999/xhtml">
            <head><title>Secrets by alice.martin@corp-mail.io</title><meta name="dc.rights" content="Copyright alice.martin@corp-mail.io"/></head>
            <body><section><h1>Sums</h1>
            <p>A loop adds the numbers one by one. \(prose.xmlEscaped)</p>
            <pre><code class="language-cpp">int sum_to(int n) {
                int sum = 0;
                for (int i = 1; i &lt;= n; ++i) sum += i;
                \(code.xmlEscaped)
                return sum;
            }</code></pre>
            </section></body></html>
            """, to: "books/secrets.xhtml")
        let grid = TracesParserTests.fixtures.appendingPathComponent("grid")
        for name in try FileManager.default.contentsOfDirectory(atPath: grid.path) {
            var text = try String(contentsOf: grid.appendingPathComponent(name), encoding: .utf8)
            if name == "grid.cpp" { text = text.replacingOccurrences(of: "return cells[x];", with: "return cells[x]; // ask alice.martin@corp-mail.io, key AKIAQ3EGRTYZX7PL2M4N") }
            if name.hasPrefix("gdb") { text = text.replacingOccurrences(of: "at grid.cpp", with: "at /home/jdoe/grid.cpp") }
            try project.write(text, to: "traces/grid/\(name)")
        }

        // A patch whose description names a person, a host and a key, and a source tree whose
        // headers carry a maintainer's address and a key.
        let repository = CurateBinary.repository
        for name in ["fix-wraparound.diff", "series"] {
            var text = try String(contentsOf: repository.appendingPathComponent("corpora/patches/ringq/\(name)"), encoding: .utf8)
            if name.hasSuffix(".diff") {
                text = text.replacingOccurrences(of: "# DP:\n", with: "# DP: Reported by alice.martin@corp-mail.io from 81.2.69.160 (key AKIAQ3EGRTYZX7PL2M4N).\n# DP:\n")
            }
            try project.write(text, to: "patches/ringq/\(name)")
        }
        let tally = repository.appendingPathComponent("corpora/sources/tally")
        let tree = FileManager.default.enumerator(at: tally, includingPropertiesForKeys: nil)!
        for case let file as URL in tree where !file.hasDirectoryPath {
            var text = try String(contentsOf: file, encoding: .utf8)
            text = text.replacingOccurrences(of: "namespace tally {\n", with: "namespace tally {\n// Maintained by alice.martin@corp-mail.io (deploy key AKIAQ3EGRTYZX7PL2M4N).\n")
            try project.write(text, to: "sources/tally/" + String(file.standardizedFileURL.path.dropFirst(tally.standardizedFileURL.path.count + 1)))
        }

        let out = project.url.appendingPathComponent("out")
        let catalog = try Catalog(outputRoot: out)
        let runner = StageRunner(outputRoot: out, catalog: catalog, progress: ProgressReporter(style: .quiet))
        let cpp = DomainSettings(name: "cpp", language: .cpp, root: project.url)
        let debug = DomainSettings(name: "debug", language: .cpp, root: project.url)
        let books = try TextbooksStage(section: try ConfigTable.parse("sources = [\"books\"]", file: "t.toml"), domain: cpp)
        let traces = try TracesStage(section: try ConfigTable.parse("cases = [\"traces/*\"]", file: "t.toml"), domain: debug)
        var summaries = [StageSummary]()
        summaries.append(try runner.run(books, settings: StageSettings(digest: "t", parts: 2), domain: cpp))
        summaries.append(try runner.run(traces, settings: StageSettings(digest: "t", parts: 2), domain: debug))
        let review = DomainSettings(name: "review", language: .cpp, root: project.url)
        let patches = try PatchesStage(section: try ConfigTable.parse("sources = [\"patches\"]", file: "t.toml"), domain: review)
        summaries.append(try runner.run(patches, settings: StageSettings(digest: "t", parts: 1), domain: review))
        let sources = try AgentQueryStage(section: try ConfigTable.parse("sources = [\"sources/tally\"]", file: "t.toml"), domain: cpp)
        summaries.append(try runner.run(sources, settings: StageSettings(digest: "t", parts: 1), domain: cpp))
        for summary in summaries { #expect(summary.samples > 0, "\(summary)") }

        var written = ""
        let files = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)!
        for case let file as URL in files where !file.hasDirectoryPath {
            if file.lastPathComponent.hasSuffix(".zst") {
                let reader = try ZstdJSONLReader(url: file)
                while let line = try reader.nextLine() { written += String(decoding: line, as: UTF8.self) + "\n" }
            } else {
                written += String(decoding: try Data(contentsOf: file), as: UTF8.self)
            }
        }
        written += summaries.map { "\($0)" }.joined()
        #expect(written.contains("<EMAIL>"), "the placeholders are written")
        let leaked = (secrets.map(\.secret) + ["alice.martin", "/home/jdoe"]).filter { written.contains($0) }
        #expect(leaked.isEmpty, "reached the output folder or the summary: \(leaked)")
        let notes = try catalog.redactionCounts()
        #expect(notes.contains { $0.domain == "cpp" && $0.kind == "email" && $0.count >= 1 }, "\(notes)")
        #expect(notes.contains { $0.domain == "debug" && $0.kind == "email" }, "\(notes)")
        // A finding drops e-mail addresses as credits on its own, so the patch shows the redactor
        // its host and key.
        for (stage, kinds) in [("patches", ["ip", "aws-key"]), ("agentquery", ["email", "aws-key"])] {
            for kind in kinds {
                #expect(notes.contains { $0.stage == stage && $0.kind == kind }, "\(stage) \(kind): \(notes)")
            }
        }
    }
}

private extension String {
    var xmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
