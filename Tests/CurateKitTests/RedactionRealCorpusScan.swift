import Foundation
import Testing
@testable import CurateKit

/// Measures what the redactor finds in the real corpora (`make corpora`: cppreference, CMake,
/// Bash and libstdc++ documentation), for reviewing its precision by hand: counts per kind,
/// and each redaction with the text around it written to $CURATE_SCAN_OUT. Runs only when that
/// variable is set, since it reads every file of corpora/real.
@Suite struct RedactionRealCorpusScan {
    /// Redacts again the lines a previous scan wrote ($CURATE_RESCAN), to see which remain.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CURATE_RESCAN"] != nil))
    func rescanFoundLines() throws {
        let lines = try String(contentsOfFile: ProcessInfo.processInfo.environment["CURATE_RESCAN"]!, encoding: .utf8)
            .split(separator: "\n").map { $0.split(separator: "\t", maxSplits: 2) }.filter { $0.count == 3 }
        var counts = [RedactionKind: Int]()
        for line in lines { for redaction in Redactor().redact(String(line[2])).redactions { counts[redaction.kind, default: 0] += 1 } }
        print("rescan: \(lines.count) lines: \(counts.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: ", "))")
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["CURATE_SCAN_OUT"] != nil))
    func scanRealCorpora() throws {
        let real = TextbooksSupport.repositoryRoot.appendingPathComponent("corpora/real").resolvingSymlinksInPath()
        let redactor = Redactor()
        var counts = [RedactionKind: Int]()
        var report = ""
        var files = 0, bytes = 0
        let walker = FileManager.default.enumerator(at: real, includingPropertiesForKeys: nil)!
        for case let file as URL in walker where ["html", "htm", "xml", "txt", "1", "3", "texi", "info"].contains(file.pathExtension) {
            guard !file.path.contains("/apt/"), let text = try? String(contentsOf: file, encoding: .utf8) else { continue }
            files += 1
            bytes += text.utf8.count
            let (_, redactions) = redactor.redact(text)
            guard !redactions.isEmpty else { continue }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            for redaction in redactions {
                counts[redaction.kind, default: 0] += 1
                let line = lines[redaction.line - 1].prefix(240)
                report += "\(redaction.kind.rawValue)\t\(file.path.replacingOccurrences(of: real.path + "/", with: "")):\(redaction.line)\t\(line)\n"
            }
        }
        let summary = counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { "\($0.key.rawValue) \($0.value)" }.joined(separator: ", ")
        print("redaction scan: \(files) files, \(bytes) bytes: \(summary)")
        try Data(report.utf8).write(to: URL(fileURLWithPath: ProcessInfo.processInfo.environment["CURATE_SCAN_OUT"]!))
        #expect(files > 0)
    }
}
