import Foundation

/// The facts a case's author wrote down beside the program (`expected.json`): for each tool
/// that can see the bug, what it must report. The recorder runs exactly these tools, and the
/// tests check every recorded trace against them.
public struct CaseExpectations: Codable, Sendable, Hashable {
    /// The facts one tool's trace must show.
    public struct Facts: Codable, Sendable, Hashable {
        /// The error kind (`SIGSEGV`, `heap-buffer-overflow`, ...), or `exited normally` when
        /// the tool cannot see the bug and the run must be clean.
        public var kind: String
        /// Base name of the crash frame's function (`Node::payload`).
        public var function: String?
        /// The crash frame's file, relative to the case folder.
        public var file: String?
        public var line: Int?
        /// Lines any one of which is right, for a crash whose faulting instruction depends on
        /// stack layout (a stack overflow faults on the call or in the callee's prologue).
        public var lines: [Int]?
        /// Name of the culprit the snapshot must show (an argument, a local, a global, a stack object).
        public var culprit: String?
    }

    /// Facts by tool name (`gdb`, `asan`, `ubsan`, `tsan`, `lsan`, `memcheck`, `helgrind`). A key
    /// `<tool>-<compiler>` (`asan-clang`) holds facts that differ for that compiler's build and
    /// replaces the tool's facts for that trace only: where a stack overflow faults, say.
    public var tools: [String: Facts]

    public static let fileName = "expected.json"

    /// Reads a case's `expected.json`; unknown tool names are an error naming the file.
    public static func load(caseFolder: URL) throws -> CaseExpectations {
        let url = caseFolder.appendingPathComponent(fileName)
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TraceParseError(file: url.path, line: nil, reason: "cannot read the case's expected facts: \(error.localizedDescription)")
        }
        let decoded: CaseExpectations
        do { decoded = try JSONDecoder().decode(CaseExpectations.self, from: data) } catch {
            throw TraceParseError(file: url.path, line: nil, reason: "not a valid expected-facts file: \(error)")
        }
        for name in decoded.tools.keys where TraceTool(rawValue: String(name.split(separator: "-")[0])) == nil {
            throw TraceParseError(file: url.path, line: nil,
                                  reason: "unknown tool '\(name)' (known: \(TraceTool.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return decoded
    }

    /// The tools to record, in a fixed order.
    public var toolList: [TraceTool] {
        TraceTool.allCases.filter { tools[$0.rawValue] != nil }
    }

    /// The facts a trace file must show: its compiler's own entry, else the tool's.
    public func facts(forTrace name: String, tool: TraceTool) -> Facts? {
        tools[(name as NSString).deletingPathExtension] ?? tools[tool.rawValue]
    }
}
