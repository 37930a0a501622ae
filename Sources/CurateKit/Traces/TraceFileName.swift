import Foundation

/// How trace files in a case folder are named: `<tool>-<compiler>.txt` for tools that need a
/// build of their own (`asan-gcc.txt`, `gdb-clang.txt`), `valgrind.txt` and `helgrind.txt` for
/// valgrind's tools.
public enum TraceFileName {
    /// Extensions a trace file may have.
    static let extensions: Set<String> = ["txt", "log"]

    /// The file name the recorder writes for a tool and compiler.
    public static func name(tool: TraceTool, compiler: String?) -> String {
        switch tool {
        case .memcheck: return "valgrind.txt"
        case .helgrind: return "helgrind.txt"
        default: return "\(tool.rawValue)-\(compiler ?? "gcc").txt"
        }
    }

    /// The tool a file name claims, if its first word names one (`asan-clang.txt` → asan).
    public static func claimedTool(_ fileName: String) -> TraceTool? {
        let stem = (fileName as NSString).deletingPathExtension
        let word = stem.split(separator: "-").first.map(String.init) ?? stem
        if word == "valgrind" { return .memcheck }
        return TraceTool(rawValue: word)
    }

    /// Whether a file in a case folder is a trace (rather than source, fix or facts).
    public static func isTrace(_ fileName: String) -> Bool {
        extensions.contains((fileName as NSString).pathExtension.lowercased())
    }
}
