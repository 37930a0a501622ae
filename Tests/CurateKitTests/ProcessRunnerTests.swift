import Foundation
import Testing
@testable import CurateKit

@Suite struct ProcessRunnerTests {
    let folder = URL(fileURLWithPath: NSTemporaryDirectory())

    @Test func runawayProgramIsStoppedAtItsTimeLimit() throws {
        let started = Date()
        let result = try ProcessRunner("sleep").run(["30"], in: folder, timeLimit: 0.5)
        #expect(result.timedOut)
        #expect(!result.succeeded)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func outputAndErrorAreCapturedInOrder() throws {
        let result = try ProcessRunner("sh").run(["-c", "echo one; echo two >&2; echo three; exit 4"], in: folder, timeLimit: 10)
        #expect(result.text == "one\ntwo\nthree\n")
        #expect(result.status == 4)
        #expect(!result.signalled)
    }

    @Test func drainedOverflowKeepsTheExitStatus() throws {
        // 200 kB of output against a 1 kB limit: the program still runs to its end.
        let result = try ProcessRunner("sh").run(["-c", "head -c 200000 /dev/zero | tr '\\0' x; exit 7"], in: folder,
                                                 timeLimit: 10, outputLimit: 1000)
        #expect(result.output.count == 1000)
        #expect(result.truncated)
        #expect(result.status == 7)
    }

    @Test func stoppedOverflowEndsTheProgram() throws {
        let started = Date()
        let result = try ProcessRunner("yes").run([], in: folder, timeLimit: 30, outputLimit: 4096, onOverflow: .stop)
        #expect(result.truncated)
        #expect(result.output.count == 4096)
        #expect(result.signalled)
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func standardInputIsFed() throws {
        let text = String(repeating: "line of input\n", count: 20_000)
        let result = try ProcessRunner("wc").run(["-l"], in: folder, input: Data(text.utf8), timeLimit: 10)
        #expect(result.text.trimmingCharacters(in: .whitespacesAndNewlines) == "20000")
    }

    @Test func childStartsWithNoBlockedSignals() throws {
        // Whatever the calling thread blocks, the child's mask is empty (gdb needs SIGCHLD).
        var blocked = sigset_t()
        sigfillset(&blocked)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let result = try ProcessRunner("grep").run(["SigBlk", "/proc/self/status"], in: folder, timeLimit: 10)
        let mask = result.text.split(separator: ":").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(mask == "0000000000000000")
    }

    @Test func missingProgramIsNamed() throws {
        #expect(throws: ProcessRunner.Failure.notFound("no-such-program-anywhere")) {
            try ProcessRunner("no-such-program-anywhere")
        }
        // A path that exists but cannot be executed is not a program either.
        let plain = folder.appendingPathComponent("not-a-program-\(UUID().uuidString)")
        try Data("echo hi\n".utf8).write(to: plain)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: plain.path)
        #expect(ProcessRunner.locate(plain.path) == nil)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: plain.path)
        defer { try? FileManager.default.removeItem(at: plain) }
        #expect(ProcessRunner.locate(plain.path) != nil)
    }

    @Test func environmentIsSmallAndFixed() throws {
        let result = try ProcessRunner("env").run([], in: folder, timeLimit: 10)
        let names = Set(result.text.split(separator: "\n").compactMap { $0.split(separator: "=").first.map(String.init) })
        #expect(names == ["LC_ALL", "HOME", "PATH"])
    }
}

@Suite struct WorkerPoolTests {
    @Test func mapKeepsIndexOrderWhateverTheThreads() throws {
        for threads in [1, 2, 7] {
            let values = try WorkerPool.map(100, threads: threads) { $0 * $0 }
            #expect(values == (0..<100).map { $0 * $0 })
        }
    }

    struct Planted: Error, Equatable { var index: Int }

    @Test func firstFailureStopsNewJobsAndIsRethrown() {
        let started = Counter()
        #expect(throws: Planted.self) {
            try WorkerPool.forEach(1000, threads: 2) { index in
                started.add()
                if index == 3 { throw Planted(index: index) }
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
        // Jobs already taken finish; no new ones start after the failure.
        #expect(started.value < 20)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func add() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
