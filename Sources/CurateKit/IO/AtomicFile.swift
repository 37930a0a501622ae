import Foundation

/// Files that appear whole or not at all: written under a temporary name in the same folder,
/// fsynced, renamed over the target, and the folder fsynced so the rename survives a crash.
public enum AtomicFile {
    /// The temporary name used while `target` is being written. Names start with `.` so that
    /// listings of finished parts never see them.
    public static func temporaryURL(for target: URL) -> URL {
        target.deletingLastPathComponent()
            .appendingPathComponent(".\(target.lastPathComponent)\(temporarySuffix)")
    }

    /// Ends this process's temporary names: `.tmp-PID@HOST`. The host matters on a cluster,
    /// where processes of other nodes write into the same folders and their pids mean nothing
    /// here.
    public static let temporarySuffix: String = {
        var name = [CChar](repeating: 0, count: 256)
        let host = gethostname(&name, name.count) == 0 ? String(cString: name) : "unknown"
        return ".tmp-\(getpid())@\(host.replacingOccurrences(of: "/", with: "_"))"
    }()

    public static func write(_ data: Data, to target: URL) throws {
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = temporaryURL(for: target)
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw IOError.system("cannot create", temporary.path, errno) }
        do {
            try data.withUnsafeBytes { raw in
                try writeAll(descriptor, raw, path: temporary.path)
            }
            try commit(descriptor: descriptor, temporary: temporary, target: target)
        } catch {
            close(descriptor)
            unlink(temporary.path)
            throw error
        }
    }

    /// fsyncs and closes `descriptor`, renames `temporary` onto `target`, fsyncs the folder.
    static func commit(descriptor: Int32, temporary: URL, target: URL) throws {
        guard fsync(descriptor) == 0 else { throw IOError.system("cannot fsync", temporary.path, errno) }
        guard close(descriptor) == 0 else { throw IOError.system("cannot close", temporary.path, errno) }
        guard rename(temporary.path, target.path) == 0 else {
            throw IOError.system("cannot rename to \(target.lastPathComponent)", temporary.path, errno)
        }
        syncFolder(target.deletingLastPathComponent())
    }

    static func syncFolder(_ folder: URL) {
        let descriptor = open(folder.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
    }

    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw IOError.system("cannot write", path, errno)
            }
            offset += written
        }
    }

    /// Removes temporary files and folders (`….tmp-PID@HOST`) of processes of this host that no
    /// longer run, as a killed run leaves them; those of live processes (other partitions
    /// writing now) and of other hosts (nodes of a cluster sharing the folder) stay.
    public static func removeAbandonedTemporaries(in folder: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let host = temporarySuffix[temporarySuffix.index(after: temporarySuffix.firstIndex(of: "@")!)...]
        for name in names where name.hasPrefix(".") {
            guard let range = name.range(of: ".tmp-", options: .backwards) else { continue }
            let owner = name[range.upperBound...].split(separator: "@", maxSplits: 1)
            // A name without a host comes from an older version, which ran on this host only.
            guard let pid = Int32(owner[0]), owner.count == 1 || owner[1] == host else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { try? FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        }
    }
}

/// A failed file operation, naming the file and, for data errors, the byte offset.
public enum IOError: Error, CustomStringConvertible, Equatable {
    case system(String, String, Int32)
    case corrupt(path: String, offset: Int, reason: String)
    case badLine(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case let .system(what, path, code):
            return "\(path): \(what): \(String(cString: strerror(code)))"
        case let .corrupt(path, offset, reason):
            return "\(path): at byte \(offset): \(reason)"
        case let .badLine(path, line, reason):
            return "\(path): line \(line): \(reason)"
        }
    }
}
