import Foundation

/// Runs an external program from an argument vector (never a shell) with a time limit and an
/// output limit, standard output and standard error captured together in the order written.
struct BoundedProcess {
    struct Result {
        var status: Int32
        /// True when the program ended on a signal rather than by exiting.
        var signalled: Bool
        var output: [UInt8]
        var timedOut: Bool
        var truncated: Bool
    }

    var executable: URL
    var arguments: [String]
    var directory: URL
    var environment: [String: String]
    var timeLimit: TimeInterval
    var outputLimit: Int

    /// Finds a program on `PATH`, as a shell would, without starting one.
    static func locate(_ name: String) -> URL? {
        if name.contains("/") { return URL(fileURLWithPath: name) }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return nil
    }

    /// Starts `process` from a fresh thread with an empty signal mask. A child inherits the mask
    /// of the thread that spawns it, and dispatch and test-runner threads block most signals:
    /// gdb started from one never sees SIGCHLD and waits for its inferior forever.
    static func launch(_ process: Process) throws {
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

    func run() throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try BoundedProcess.launch(process)

        // Reading runs on its own thread so a chatty program never blocks on a full pipe;
        // past the limit the rest is drained and dropped, and the program is stopped.
        let reader = pipe.fileHandleForReading
        let state = OutputState()
        let done = DispatchSemaphore(value: 0)
        let limit = outputLimit
        Thread.detachNewThread {
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                if state.append(chunk, limit: limit), process.isRunning { process.terminate() }
            }
            done.signal()
        }
        let deadline = Date().addingTimeInterval(timeLimit)
        var timedOut = false
        while process.isRunning {
            if Date() > deadline {
                timedOut = true
                process.terminate()
                Thread.sleep(forTimeInterval: 1)
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                break
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        process.waitUntilExit()
        // The pipe may stay open in a grandchild the program left behind; do not wait forever.
        _ = done.wait(timeout: .now() + 5)
        let (bytes, truncated) = state.snapshot()
        return Result(status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
                      output: bytes, timedOut: timedOut, truncated: truncated)
    }
}

/// Output collected from the reading thread.
private final class OutputState: @unchecked Sendable {
    private let lock = NSLock()
    private var bytes = [UInt8]()
    private var truncated = false

    /// Appends up to the limit; returns true once the limit is exceeded.
    func append(_ chunk: Data, limit: Int) -> Bool {
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
