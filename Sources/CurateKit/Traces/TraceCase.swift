import Foundation

/// A trace case: a folder holding a program's sources, optionally its fix (`fix.diff`, or the
/// fixed files under `fixed/`), its expected facts, and zero or more trace files.
public struct TraceCase: Sendable {
    public var folder: URL
    /// Source files relative to the folder (`.cpp`, `.cc`, `.h`, `.hpp`), sorted.
    public var sources: [String]
    /// Trace files by file name, sorted.
    public var traces: [String]

    static let sourceExtensions: Set<String> = ["cpp", "cc", "cxx", "c", "h", "hpp", "hh"]

    /// Lists a case folder; an unreadable folder rejects the case.
    public init(folder: URL) throws {
        self.folder = folder
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder.path) } catch {
            throw InputRejected("\(folder.path): cannot list the case folder: \(error.localizedDescription)")
        }
        sources = names.filter { TraceCase.sourceExtensions.contains(($0 as NSString).pathExtension) }.sorted()
        traces = names.filter { TraceFileName.isTrace($0) }.sorted()
    }

    /// The case folders under the given paths: a path that holds sources is a case itself,
    /// otherwise each subfolder is one. Sorted, so runs list them in the same order.
    public static func caseFolders(in paths: [URL]) throws -> [URL] {
        var result = [URL]()
        let manager = FileManager.default
        for path in paths {
            let names = try manager.contentsOfDirectory(atPath: path.path)
            if names.contains(CaseExpectations.fileName) || names.contains(where: { sourceExtensions.contains(($0 as NSString).pathExtension) }) {
                result.append(path)
                continue
            }
            for name in names.sorted() where !name.hasPrefix(".") {
                var isFolder: ObjCBool = false
                let child = path.appendingPathComponent(name)
                if manager.fileExists(atPath: child.path, isDirectory: &isFolder), isFolder.boolValue { result.append(child) }
            }
        }
        return result
    }

    /// Reads a file of the case as text; a missing or non-UTF-8 file is an error naming it.
    public func text(_ name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TraceParseError(file: name, line: nil, reason: "missing from the case folder")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TraceParseError(file: name, line: nil, reason: "not valid UTF-8")
        }
        return text
    }
}
