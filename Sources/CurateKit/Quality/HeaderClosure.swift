import Foundation

/// Every file an `#include <header>` opens, as the compiler's own `-M` lists them, kept for
/// the life of the process.
///
/// Two snippets that include different headers see the same declarations exactly when their
/// headers open the same files (`<iostream>` opens `<string>`'s files, so `#include <string>`
/// next to it changes nothing); the batch checker groups snippets by that set.
enum HeaderClosure {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var known = [String: Set<String>?]()

    /// The files `header` opens, or nil when the compiler cannot find it.
    static func files(of header: String, compiler: ProcessRunner, standard: String, timeout: Double) throws -> Set<String>? {
        let key = "\(compiler.executable.path)\u{0}\(standard)\u{0}\(header)"
        if let cached = lock.withLock({ known[key] }) { return cached }
        let outcome = try ScratchFolder.with { folder in
            try compiler.run(["-std=\(standard)", "-M", "-x", "c++", "-"], in: folder,
                             input: Data("#include <\(header)>\n".utf8), timeLimit: timeout)
        }
        var files: Set<String>?
        if outcome.succeeded, let colon = outcome.text.firstIndex(of: ":") {
            // "-: /usr/include/c++/12/vector /usr/include/.../c++config.h \\\n ..."
            files = Set(outcome.text[outcome.text.index(after: colon)...]
                .split { $0 == " " || $0 == "\n" || $0 == "\\" }.map(String.init))
        }
        lock.withLock { known[key] = files }
        return files
    }

    /// The files all of `headers` open together, or nil when one cannot be found.
    static func files(of headers: [String], compiler: ProcessRunner, standard: String, timeout: Double) throws -> Set<String>? {
        var all = Set<String>()
        for header in headers {
            guard let files = try files(of: header, compiler: compiler, standard: standard, timeout: timeout) else { return nil }
            all.formUnion(files)
        }
        return all
    }

    nonisolated(unsafe) private static var sizes = [String: Int]()

    /// The bytes of `file` (0 when it cannot be read), what reading it costs the compiler.
    static func size(of file: String) -> Int {
        if let known = lock.withLock({ sizes[file] }) { return known }
        let size = ((try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? NSNumber)?.intValue ?? 0
        lock.withLock { sizes[file] = size }
        return size
    }

    nonisolated(unsafe) private static var globals = [String: Set<String>]()

    /// The names `files` may declare in the global namespace: every word outside all braces
    /// and parentheses (so not members, parameters or what a namespace holds), preprocessor
    /// lines left out (a macro acts alike inside and outside a namespace).
    static func globalNames(in files: Set<String>) -> Set<String> {
        var all = Set<String>()
        for file in files {
            if let known = lock.withLock({ globals[file] }) {
                all.formUnion(known)
                continue
            }
            let found = HeaderWords.outsideBrackets([UInt8]((try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()))
            lock.withLock { globals[file] = found }
            all.formUnion(found)
        }
        return all
    }
}
