import Foundation

/// Where the browser's text goes: through `less -R` when standard output is a terminal and
/// less is installed (less reads the keys from the terminal itself), else straight to standard
/// output. Text is written as it is made, so the first page shows before the last part is read.
///
/// This is the one interactive program the project runs: `ProcessRunner` captures output, and
/// a pager must own the terminal instead. It is started with posix_spawn rather than Foundation's
/// `Process`, which puts the child in a process group of its own: a pager outside the terminal's
/// foreground group is stopped (SIGTTIN) the moment it reads a key.
public final class TerminalPager {
    /// True when standard output is a terminal: page and colour.
    public static var isTerminal: Bool { isatty(STDOUT_FILENO) == 1 }

    private let pager: pid_t?
    private let sink: FileHandle
    /// Set once the reader has gone (less quit, or the pipe closed): writing stops quietly.
    public private(set) var closed = false

    public init(page: Bool) {
        // A reader that goes away must end the writing with an error, not kill the process.
        signal(SIGPIPE, SIG_IGN)
        if page, let less = ProcessRunner.locate("less"), let (pid, input) = Self.spawn(less.path, ["less", "-R"]) {
            pager = pid
            sink = FileHandle(fileDescriptor: input, closeOnDealloc: true)
        } else {
            pager = nil
            sink = FileHandle.standardOutput
        }
    }

    /// Starts `path` in this process's group with a pipe as its standard input; returns its
    /// pid and the pipe's writing end.
    private static func spawn(_ path: String, _ arguments: [String]) -> (pid_t, Int32)? {
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return nil }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, ends[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, ends[0])
        posix_spawn_file_actions_addclose(&actions, ends[1])
        // The pager gets the default SIGPIPE back; ignored signals would otherwise carry over.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        close(ends[0])
        guard status == 0 else {
            close(ends[1])
            return nil
        }
        return (pid, ends[1])
    }

    /// Writes `text`; false once the reader has gone.
    @discardableResult
    public func write(_ text: String) -> Bool {
        guard !closed else { return false }
        do {
            try sink.write(contentsOf: Data(text.utf8))
        } catch {
            closed = true
        }
        return !closed
    }

    /// Ends the text and waits for the reader to quit the pager.
    public func finish() {
        guard let pager else { return }
        try? sink.close()
        var status: Int32 = 0
        while waitpid(pager, &status, 0) == -1 && errno == EINTR {}
    }
}
