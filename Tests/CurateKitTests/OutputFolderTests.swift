import Foundation
import Testing
@testable import CurateKit

/// What happens to an output folder between and during runs: moved elsewhere, or wanted by two
/// runs at once.
@Suite struct OutputFolderTests {
    let project = TemporaryFolder()

    func stage(out: String, threads: Int = 2) -> [String] {
        ["textbooks", "books", "--domain", "cpp", "--out", out, "--threads", "\(threads)", "--quiet"]
    }

    @Test func movedOutputFolderIsReusedAsIs() throws {
        try writeGeneratedBooks(count: 12, into: project)
        let first = try CurateBinary.run(stage(out: "first"), in: project.url)
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        let before = try partBytesForTests(project.url.appendingPathComponent("first/cpp/textbooks"))
        #expect(before.count >= 2)

        try FileManager.default.moveItem(at: project.url.appendingPathComponent("first"),
                                         to: project.url.appendingPathComponent("moved"))
        let again = try CurateBinary.run(stage(out: "moved"), in: project.url)
        #expect(again.status == 0, "\(again.stdout)\(again.stderr)")
        #expect(reusedTasksForTests(again.stdout) == before.count, "every task is reused: \(again.stdout)")
        #expect(try partBytesForTests(project.url.appendingPathComponent("moved/cpp/textbooks")) == before)
    }

    @Test func secondLockOnAPartitionNamesItsHolder() throws {
        let out = project.url.appendingPathComponent("out")
        let held = try RunLock(outputRoot: out, partition: .all)
        let error = #expect(throws: RunLock.Busy.self) { try RunLock(outputRoot: out, partition: .all, wait: false) }
        #expect(error?.holder?.pid == getpid())
        #expect(error?.description.contains("pid \(getpid())") == true)
        // Another partition of the same folder is free: cluster tasks run side by side.
        _ = try RunLock(outputRoot: out, partition: Partition(index: 1, count: 4), wait: false)
        withExtendedLifetime(held) {}
    }

    @Test func waitingLockIsTakenOnceTheHolderLetsGo() async throws {
        let out = project.url.appendingPathComponent("out")
        var held: RunLock? = try RunLock(outputRoot: out, partition: .all)
        let waiter = Task.detached {
            var told: RunLock.Holder?
            _ = try RunLock(outputRoot: out, partition: .all) { told = $0 }
            return (Date(), told)
        }
        try await Task.sleep(for: .milliseconds(300))
        let released = Date()
        held = nil
        let (taken, told) = try await waiter.value
        #expect(held == nil)
        #expect(taken >= released, "the waiter got the lock only after it was released")
        #expect(told?.pid == getpid(), "the waiter was told who held the lock")
    }

    @Test func secondRunWaitsForTheFirstAndSaysWho() throws {
        try writeGeneratedBooks(count: 160, into: project)
        let (first, _, _) = try CurateBinary.start(stage(out: "out", threads: 1), in: project.url)
        // Wait until the first run has taken the lock.
        let lock = project.url.appendingPathComponent("out/.locks/run-0-of-1.lock")
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, (try? Data(contentsOf: lock))?.isEmpty ?? true { usleep(2_000) }
        let second = try CurateBinary.run(stage(out: "out"), in: project.url)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stderr.contains("another run uses it: pid \(first.processIdentifier)"), "\(second.stderr)")
        // The second run found all the first one's work done.
        let parts = try partBytesForTests(project.url.appendingPathComponent("out/cpp/textbooks"))
        #expect(reusedTasksForTests(second.stdout) == parts.count, "\(second.stdout)")
    }
}
