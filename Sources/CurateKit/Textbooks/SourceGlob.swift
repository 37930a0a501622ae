import Foundation

/// Expands the `sources` globs of a pipeline file, relative to the project root.
///
/// Each `/`-separated component may use `*`, `?` and `[…]` (matched with `fnmatch`); a `**`
/// component matches any number of folders. A matched folder stands for every book file under
/// it. Results are sorted, so the input list does not depend on directory order.
enum SourceGlob {
    static func expand(_ pattern: String, root: URL) -> [URL] {
        let absolute = pattern.hasPrefix("/")
        let components = pattern.split(separator: "/").map(String.init)
        var matches = [URL]()
        let start = absolute ? URL(fileURLWithPath: "/") : root
        match(components[...], at: start, into: &matches)
        return matches.sorted { $0.path < $1.path }
    }

    /// The fixed start of a pattern (its components before the first wildcard), resolved
    /// against `root`: the folder or file that must exist for the pattern to mean anything.
    static func base(of pattern: String, root: URL) -> URL {
        var base = pattern.hasPrefix("/") ? URL(fileURLWithPath: "/") : root
        for component in pattern.split(separator: "/") {
            if component == "**" || component.contains(where: { "*?[".contains($0) }) { break }
            base.appendPathComponent(String(component))
        }
        return base
    }

    /// Refuses a configured list of patterns when the fixed start of one does not exist: a
    /// misspelt or missing source folder would otherwise give an empty run that looks fine.
    /// A pattern whose folder exists may still match nothing (no books of that kind yet).
    static func requireBases(of key: String, in section: ConfigTable, root: URL) throws {
        guard section.contains(key) else { return }
        for pattern in try section.strings(key) ?? [] {
            let base = base(of: pattern, root: root)
            if !FileManager.default.fileExists(atPath: base.path) {
                throw ConfigError.invalid(file: section.file, key: section.qualified(key), line: section.line(of: key),
                                          reason: "'\(pattern)': no such file or folder \(base.path)")
            }
        }
    }

    private static func match(_ components: ArraySlice<String>, at folder: URL, into matches: inout [URL]) {
        guard let component = components.first else {
            matches.append(folder)
            return
        }
        let rest = components.dropFirst()
        if component == "**" {
            match(rest, at: folder, into: &matches)
            for child in children(of: folder) where isFolder(child) {
                match(components, at: child, into: &matches)
            }
            return
        }
        if !component.contains(where: { "*?[".contains($0) }) {
            let next = folder.appendingPathComponent(component)
            if FileManager.default.fileExists(atPath: next.path) { match(rest, at: next, into: &matches) }
            return
        }
        for child in children(of: folder) where fnmatch(component, child.lastPathComponent, FNM_PERIOD) == 0 {
            match(rest, at: child, into: &matches)
        }
    }

    private static func children(of folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    static func isFolder(_ url: URL) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: url.path, isDirectory: &folder) && folder.boolValue
    }

    /// Every book file (by suffix) under a folder, sorted; hidden files and folders skipped.
    /// Symbolic links to folders are followed (Debian's documentation packages link their
    /// HTML in from another package's folder), each real folder once, so a link cycle ends.
    static func books(under folder: URL) -> [URL] {
        var found = [URL]()
        var visited = Set<String>()
        walk(folder, visited: &visited, into: &found)
        return found.sorted { $0.path < $1.path }
    }

    /// Every shell script (`ScriptReader.isScript`) under a folder, sorted.
    static func scripts(under folder: URL) -> [URL] {
        var found = [URL]()
        var visited = Set<String>()
        walk(folder, visited: &visited, into: &found) { url in
            !BookReader.suffixes.contains(url.pathExtension.lowercased()) && ScriptReader.isScript(url)
        }
        return found.sorted { $0.path < $1.path }
    }

    private static func walk(_ folder: URL, visited: inout Set<String>, into found: inout [URL],
                             wanted: (URL) -> Bool = { BookReader.suffixes.contains($0.pathExtension.lowercased()) }) {
        guard visited.insert(folder.resolvingSymlinksInPath().path).inserted else { return }
        for child in children(of: folder) where !child.lastPathComponent.hasPrefix(".") {
            if isFolder(child) {
                walk(child, visited: &visited, into: &found, wanted: wanted)
            } else if wanted(child) {
                found.append(child)
            }
        }
    }
}
