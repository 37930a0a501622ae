import Dispatch
import Foundation

/// Runs external programs — compilers, debuggers, sanitized binaries, linters, apt, sbatch — the
/// one way the project does it: from an argument vector (never through a shell), with a time
/// limit, a limit on the output kept, and standard output and error captured together in the
/// order they were written.
///
/// Output is drained by its own thread while the program runs, so a chatty program never blocks
/// on a full pipe; reads use read(2) retried on EINTR (`FileHandle.availableData` traps on an
/// interrupted read). The child is started from a fresh thread with an empty signal mask: a
/// child inherits its parent thread's mask, and dispatch and test-runner threads block most
/// signals — gdb started from one never sees SIGCHLD and waits for its inferior forever.
public struct ProcessRunner: Sendable {
    /// What a run gave.
    public struct Result: Sendable {
        public var status: Int32
        /// True when the program ended on a signal rather than by exiting.
        public var signalled: Bool
        /// Standard output and error, at most the output limit.
        public var output: [UInt8]
        public var timedOut: Bool
        /// True when the program wrote more than the output limit.
        public var truncated: Bool

        /// The output as text (invalid UTF-8 replaced).
        public var text: String { String(decoding: output, as: UTF8.self) }
        /// Exited by itself with status 0.
        public var succeeded: Bool { status == 0 && !signalled && !timedOut }
    }

    /// A program that could not be found or started.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case notFound(String)
        case cannotStart(String, String)

        public var description: String {
            switch self {
            case let .notFound(name): return "'\(name)' was not found on PATH (or is not executable); install it"
            case let .cannotStart(name, reason): return "cannot start '\(name)': \(reason)"
            }
        }
    }

    /// What to do when the output passes the limit.
    public enum OverflowPolicy: Sendable {
        /// Keep reading and drop the rest: the exit status still counts (a compiler's verdict).
        case drain
        /// Stop the program: its output is runaway (a crash loop printing forever).
        case stop
    }

    public let executable: URL

    /// Finds `name` on `PATH`, as a shell would, or takes it as a path when it holds a slash;
    /// either way it must be an executable file.
    public init(_ name: String) throws {
        guard let url = Self.locate(name) else { throw Failure.notFound(name) }
        executable = url
    }

    public init(executable: URL) {
        self.executable = executable
    }

    /// The executable `name` stands for, or nil.
    public static func locate(_ name: String) -> URL? {
        if name.contains("/") {
            return isProgram(name) ? URL(fileURLWithPath: name) : nil
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if isProgram(candidate.path) { return candidate }
        }
        return nil
    }

    /// A regular file with an execute bit. `access(X_OK)` is not enough: as root it accepts
    /// any file.
    private static func isProgram(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        return info.st_mode & (S_IXUSR | S_IXGRP | S_IXOTH) != 0
    }

    /// A small fixed environment: messages in one language, no user settings leaking in.
    public static func plainEnvironment(home: URL) -> [String: String] {
        var environment = ["LC_ALL": "C", "HOME": home.path]
        environment["PATH"] = ProcessInfo.processInfo.environment["PATH"]
        return environment
    }

    /// Runs the program in `directory` and waits for it. `environment` defaults to
    /// `plainEnvironment(home: directory)`; `input` is written to its standard input (else it
    /// reads nothing).
    public func run(_ arguments: [String], in directory: URL, environment: [String: String]? = nil,
                    input: Data? = nil, timeLimit: Double, outputLimit: Int = 1 << 20,
                    onOverflow: OverflowPolicy = .drain) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment ?? Self.plainEnvironment(home: directory)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        let inputPipe = input.map { _ in Pipe() }
        process.standardInput = inputPipe ?? FileHandle.nullDevice

        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do {
            try Self.launch(process)
        } catch {
            throw Failure.cannotStart(executable.lastPathComponent, "\(error)")
        }
        if let input, let inputPipe { Self.feed(input, to: inputPipe) }

        let collected = OutputCollector(limit: outputLimit)
        let drained = DispatchSemaphore(value: 0)
        let descriptor = output.fileHandleForReading.fileDescriptor
        Thread.detachNewThread {
            var buffer = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                if collected.append(buffer[0..<count]), onOverflow == .stop, process.isRunning { process.terminate() }
            }
            drained.signal()
        }

        var timedOut = false
        if exited.wait(timeout: .now() + timeLimit) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + 2) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        // A grandchild the program left behind may hold the pipe open: do not wait forever.
        _ = drained.wait(timeout: .now() + 5)
        try? output.fileHandleForReading.close()
        let (bytes, truncated) = collected.snapshot()
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      output: bytes, timedOut: timedOut, truncated: truncated)
    }

    /// Starts `process` from a fresh thread whose signal mask is empty (see the type's comment).
    private static func launch(_ process: Process) throws {
        let failure = LaunchFailure()
        let started = DispatchSemaphore(value: 0)
        let thread = Thread {
            var empty = sigset_t()
            sigemptyset(&empty)
            pthread_sigmask(SIG_SETMASK, &empty, nil)
            do { try process.run() } catch { failure.error = error }
            started.signal()
        }
        thread.start()
        started.wait()
        if let error = failure.error { throw error }
    }

    /// A program that exits before reading all its input must not kill us with SIGPIPE: the
    /// write then fails with EPIPE, which ends the feeding.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    /// Writes `data` to the program's standard input from its own thread, then closes it, so a
    /// program that writes before it reads cannot deadlock against us.
    private static func feed(_ data: Data, to pipe: Pipe) {
        _ = ignoreBrokenPipes
        let descriptor = pipe.fileHandleForWriting.fileDescriptor
        Thread.detachNewThread {
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let written = write(descriptor, raw.baseAddress! + offset, raw.count - offset)
                    if written < 0 && errno == EINTR { continue }
                    if written <= 0 { break }
                    offset += written
                }
            }
            try? pipe.fileHandleForWriting.close()
        }
    }
}

/// The first `limit` bytes of a program's output, filled by the draining thread.
private final class OutputCollector: @unchecked Sendable {
    private let limit: Int
    private let lock = NSLock()
    private var bytes = [UInt8]()
    private var truncated = false

    init(limit: Int) { self.limit = limit }

    /// Keeps what fits; returns true once the limit has been passed.
    func append(_ chunk: ArraySlice<UInt8>) -> Bool {
        lock.withLock {
            let room = max(0, limit - bytes.count)
            if chunk.count > room {
                bytes.append(contentsOf: chunk.prefix(room))
                truncated = true
            } else {
                bytes.append(contentsOf: chunk)
            }
            return truncated
        }
    }

    func snapshot() -> ([UInt8], Bool) { lock.withLock { (bytes, truncated) } }
}

/// Carries a launch error out of the launching thread.
private final class LaunchFailure: @unchecked Sendable {
    var error: Error?
}
