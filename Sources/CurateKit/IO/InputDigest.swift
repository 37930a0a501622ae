import Foundation

/// Digests of stage inputs: a file's SHA-256, or for a folder the combined digest of its
/// regular files' relative paths and digests in sorted order (hidden files left out).
enum InputDigest {
    /// The digest of an input with its dependencies.
    static func of(_ input: StageInput) throws -> String {
        let own = try of(input.url)
        guard !input.dependencies.isEmpty else { return own }
        return Digest.combine([own] + (try input.dependencies.map { try of($0) }))
    }

    static func of(_ url: URL) throws -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw InputRejected("no such file (it may have been removed after the input list was made)")
        }
        guard isFolder.boolValue else { return try Digest.sha256Hex(fileAt: url) }
        guard let walker = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw InputRejected("cannot list folder")
        }
        var entries = [String]()
        let base = url.standardizedFileURL.path
        for case let file as URL in walker {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(file.standardizedFileURL.path.dropFirst(base.count))
            entries.append(relative + " " + (try Digest.sha256Hex(fileAt: file)))
        }
        return Digest.combine(entries.sorted())
    }
}
