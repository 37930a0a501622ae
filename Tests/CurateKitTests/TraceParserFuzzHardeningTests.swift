import Foundation
import Testing
@testable import CurateKit

/// Property: the trace parsers read any garbling of the bundled fixture traces without
/// crashing; each garbled text either parses or is refused with a `TraceParseError`.
@Suite struct TraceParserFuzzHardeningTests {
    static let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("traces")

    /// Every `.txt` trace under the fixtures, as (file name, lines).
    static func traces() throws -> [(name: String, lines: [String])] {
        let files = FileManager.default.enumerator(at: fixtures, includingPropertiesForKeys: nil)!
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path }
        return try files.map { url in
            (url.lastPathComponent, String(decoding: try Data(contentsOf: url), as: UTF8.self)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
    }

    /// Pieces that the parsers look for, so that garbling often lands on a path they take.
    static let fragments = ["#0 ", "#1  0x", "    #2 0x7f in ", "==12345==", "ERROR: AddressSanitizer: ", "SUMMARY: ",
                            " at /home/dev/grid.cpp:", ":99999999999999999999:", "(", ")", " = ", "{", "}", "<", ">",
                            "Program received signal SIGSEGV", "Thread 2 ", "WARNING: ThreadSanitizer: ", ": runtime error: ",
                            "==1== Invalid read of size 4", "==1==    at 0x1: f (a.cpp:0)", "-1", "0x", "\t", "\u{0}", "é", " "]

    static func garble(_ lines: [String], _ generator: inout SplitMix64) -> String {
        var lines = lines
        func pick(_ count: Int) -> Int { Int(generator.next() % UInt64(max(1, count))) }
        for _ in 0...pick(6) where !lines.isEmpty {
            let at = pick(lines.count)
            switch generator.next() % 8 {
            case 0: lines.remove(at: at)
            case 1: lines.insert(lines[pick(lines.count)], at: at)
            case 2: lines.swapAt(at, pick(lines.count))
            case 3: lines.removeLast(pick(lines.count))
            case 4:
                // Cut a line at a random character.
                let line = lines[at]
                lines[at] = String(line.prefix(pick(line.count + 1)))
            case 5:
                // Insert a fragment inside a line.
                var line = Array(lines[at])
                line.insert(contentsOf: fragments[pick(fragments.count)], at: pick(line.count + 1))
                lines[at] = String(line)
            case 6:
                // Replace a character by a random printable one or a digit run.
                var line = Array(lines[at])
                if !line.isEmpty {
                    line[pick(line.count)] = generator.next() % 2 == 0 ? Character(UnicodeScalar(UInt8(32 + pick(95)))) : "9"
                }
                lines[at] = String(line)
            default:
                lines.insert(fragments[pick(fragments.count)], at: at)
            }
        }
        return lines.joined(separator: "\n")
    }

    @Test func garbledFixtureTracesNeverCrashTheParsers() throws {
        let traces = try Self.traces()
        #expect(traces.count >= 15)
        var generator = SplitMix64(seed: 0x7ACE)
        var parsed = 0, refused = 0
        for trace in traces {
            for _ in 0..<150 {
                let text = Self.garble(trace.lines, &generator)
                do {
                    _ = try TraceParser.parse(name: trace.name, text: text)
                    parsed += 1
                } catch let error as TraceParseError {
                    #expect(error.file == trace.name)
                    refused += 1
                }
            }
        }
        // Garbling keeps many traces readable and breaks many others: both paths are exercised.
        #expect(parsed > 300 && refused > 100, "parsed \(parsed), refused \(refused)")
    }
}
