import Foundation

/// Keeps two runs from working on the same output folder at once: an exclusive `flock(2)` on
/// `out/.locks/run-<i>-of-<n>.lock`, one per partition, so the tasks of a cluster array (each
/// its own partition) still run side by side. The kernel drops the lock when its holder ends,
/// however it ends, so a killed run never leaves a stale lock behind.
public final class RunLock {
    public let url: URL
    private let descriptor: Int32

    /// Who holds the lock, as its holder wrote it into the lock file.
    public struct Holder: Codable, Equatable, Sendable, CustomStringConvertible {
        public var pid: Int32
        public var command: String
        public var since: String
        public var description: String { "pid \(pid) (\(command)), running since \(since)" }
    }

    /// Takes the lock of `partition` in `outputRoot`. When another process holds it,
    /// `waiting` is told who (once) and the call blocks until it is free; with `wait` false it
    /// throws `Busy` instead.
    public init(outputRoot: URL, partition: Partition, wait: Bool = true, waiting: (Holder?) -> Void = { _ in }) throws {
        let folder = outputRoot.appendingPathComponent(".locks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        url = folder.appendingPathComponent("run-\(partition.index)-of-\(partition.count).lock")
        descriptor = open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IOError.system("cannot open the run lock", url.path, errno) }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = RunLock.holder(at: url)
            guard wait else {
                close(descriptor)
                throw Busy(url: url, holder: holder)
            }
            waiting(holder)
            while flock(descriptor, LOCK_EX) != 0 {
                guard errno == EINTR else {
                    let code = errno
                    close(descriptor)
                    throw IOError.system("cannot take the run lock", url.path, code)
                }
            }
        }
        let me = Holder(pid: getpid(), command: FileHolders.command(of: getpid()),
                        since: ISO8601DateFormatter().string(from: Date()))
        let data = try JSONCoding.line.encode(me)
        _ = ftruncate(descriptor, 0)
        _ = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    deinit {
        close(descriptor)
    }

    /// What the lock's current holder wrote, if it could be read.
    static func holder(at url: URL) -> Holder? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return try? JSONDecoder().decode(Holder.self, from: data)
    }

    /// The output folder is in use by another run.
    public struct Busy: Error, CustomStringConvertible {
        public var url: URL
        public var holder: Holder?
        public var description: String {
            "\(url.path) is held by \(holder?.description ?? "another process"); wait for it to finish or stop it"
        }
    }
}
