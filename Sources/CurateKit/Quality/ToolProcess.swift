import Dispatch
import Foundation

/// Runs an external program through an argument vector (never a shell), in a given folder,
/// with a time limit and a limit on the output kept.
///
/// Output (standard output and error together) is drained while the program runs, so a chatty
/// program cannot block on a full pipe; what exceeds the limit is read and dropped.
struct ToolProcess: Sendable {
    struct Outcome: Sendable {
        var status: Int32
        var output: String
        var timedOut: Bool
    }

    enum Failure: Error, CustomStringConvertible {
        case notFound(String)
        case cannotStart(String, String)

        var description: String {
            switch self {
            case let .notFound(name): return "'\(name)' was not found on PATH; install it or turn its check off in [quality]"
            case let .cannotStart(name, reason): return "cannot start '\(name)': \(reason)"
            }
        }
    }

    let executable: URL

    /// Finds `name` on `PATH` (or takes it as a path when it contains a slash).
    init(_ name: String) throws {
        if name.contains("/") {
            guard FileManager.default.isExecutableFile(atPath: name) else { throw Failure.notFound(name) }
            executable = URL(fileURLWithPath: name)
            return
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                executable = candidate
                return
            }
        }
        throw Failure.notFound(name)
    }

    func run(_ arguments: [String], in directory: URL, timeout: Double, outputLimit: Int = 64 * 1024) throws -> Outcome {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        // A fixed, small environment: messages in one language and no user settings leaking in.
        var environment = ["LC_ALL": "C", "HOME": directory.path]
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe

        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        let collector = OutputCollector(limit: outputLimit)
        let drained = DispatchSemaphore(value: 0)
        do {
            try process.run()
        } catch {
            throw Failure.cannotStart(executable.lastPathComponent, "\(error)")
        }
        let reader = pipe.fileHandleForReading
        let descriptor = reader.fileDescriptor
        DispatchQueue.global().async {
            // Plain read(2), retried on EINTR: FileHandle.availableData traps on an interrupted read.
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                collector.append(Data(buffer[0..<count]))
            }
            drained.signal()
        }
        var timedOut = false
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            process.terminate()
            if finished.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                finished.wait()
            }
        }
        drained.wait()
        try? reader.close()
        return Outcome(status: process.terminationStatus, output: collector.text, timedOut: timedOut)
    }
}

/// Keeps the first `limit` bytes of a program's output; written by the draining thread only,
/// read after it has finished.
private final class OutputCollector: @unchecked Sendable {
    private let limit: Int
    private var data = Data()
    private let lock = NSLock()

    init(limit: Int) { self.limit = limit }

    func append(_ chunk: Data) {
        lock.lock()
        defer { lock.unlock() }
        let room = limit - data.count
        if room > 0 { data.append(chunk.prefix(room)) }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
