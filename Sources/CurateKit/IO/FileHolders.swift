import Foundation

/// The processes that have a file open, found through `/proc/<pid>/fd` (Linux; elsewhere none
/// are found). Used to say who holds a lock instead of only that it is held.
public enum FileHolders {
    public struct Holder: Equatable, Sendable, CustomStringConvertible {
        public var pid: Int32
        public var command: String
        public var description: String { "pid \(pid) (\(command))" }
    }

    /// Every other process with one of `paths` open, by pid.
    public static func processes(holding paths: [String]) -> [Holder] {
        let targets = Set(paths.map { URL(fileURLWithPath: $0).standardizedFileURL.resolvingSymlinksInPath().path })
        let own = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { $0 != own }.sorted().compactMap { pid in
            let fds = "/proc/\(pid)/fd"
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: fds),
                  names.contains(where: { name in
                      (try? FileManager.default.destinationOfSymbolicLink(atPath: "\(fds)/\(name)")).map(targets.contains) ?? false
                  }) else { return nil }
            return Holder(pid: pid, command: command(of: pid))
        }
    }

    /// The command line of a process, its arguments joined by spaces.
    static func command(of pid: Int32) -> String {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !data.isEmpty else { return "?" }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }
}
