import Foundation
import Testing

/// The promise of the runner, kept with a real `kill -9`: a run killed in the middle of a stage,
/// then run again, leaves exactly the bytes of a run that was never interrupted.
@Suite struct ResumeAfterKillTests {
    let project = TemporaryFolder()

    func parts(_ out: String) throws -> [String: Data] {
        let folder = project.url.appendingPathComponent("\(out)/cpp/textbooks")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.contains(".tmp") }, "no temporary files are left behind")
        return try partBytesForTests(folder)
    }

    func stage(out: String, threads: Int) -> [String] {
        ["textbooks", "books", "--domain", "cpp", "--out", out, "--threads", "\(threads)", "--quiet"]
    }

    @Test func rerunAfterKillGivesTheBytesOfAnUninterruptedRun() throws {
        try writeGeneratedBooks(count: 320, into: project)
        let whole = try CurateBinary.run(stage(out: "whole", threads: 2), in: project.url)
        #expect(whole.status == 0, "\(whole.stdout)\(whole.stderr)")
        let expected = try parts("whole")
        #expect(expected.count == 8)

        let (process, _, _) = try CurateBinary.start(stage(out: "killed", threads: 1), in: project.url)
        let folder = project.url.appendingPathComponent("killed/cpp/textbooks")
        var finishedAtKill = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            finishedAtKill = names.filter { $0.hasPrefix("part-") }.count
            if finishedAtKill >= 2 { break }
            usleep(2_000)
        }
        #expect(process.isRunning, "the stage finished before it could be killed; give it more work")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(finishedAtKill >= 2 && finishedAtKill < 8)

        let rerun = try CurateBinary.run(stage(out: "killed", threads: 1), in: project.url)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        // With one thread a part is in the catalog before the next one starts, so at least the
        // first of the parts seen is reused. A part renamed just before the kill but not yet in
        // the catalog is rebuilt, to the same bytes.
        let reused = reusedTasksForTests(rerun.stdout)
        #expect(reused >= 1 && reused < 8, "summary: \(rerun.stdout)")
        let resumed = try parts("killed")
        #expect(resumed.keys.sorted() == expected.keys.sorted())
        #expect(resumed == expected)
    }
}
