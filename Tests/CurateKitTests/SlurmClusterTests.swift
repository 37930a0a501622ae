@testable import CurateKit
import Foundation
import Testing

/// A one-node Slurm on localhost, started by `Tests/slurm/local-cluster.sh` for one test and
/// stopped after it. The Slurm commands find it through `SLURM_CONF`, set for this process
/// and so for every `curate` it starts.
final class LocalSlurm {
    /// Starting munged and the Slurm daemons needs root and the Debian packages.
    static var available: Bool {
        getuid() == 0 && ["munged", "slurmctld", "slurmd", "sbatch"].allSatisfy { ProcessRunner.locate($0) != nil }
    }

    let state: URL

    init(state: URL, maxArraySize: Int) throws {
        self.state = state
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let (status, text) = try Self.script(["start", state.path], environment: ["MAX_ARRAY_SIZE=\(maxArraySize)"])
        guard status == 0, let line = text.split(separator: "\n").last(where: { $0.hasPrefix("export SLURM_CONF=") }) else {
            throw SlurmSubmitter.Refused(description: "the local Slurm did not start: \(text)")
        }
        setenv("SLURM_CONF", String(line.dropFirst("export SLURM_CONF=".count)), 1)
    }

    func stop() {
        _ = try? Self.script(["stop", state.path], environment: [])
    }

    /// Runs the script with posix_spawn and a blocking waitpid, its output in a file: the
    /// daemons it leaves running must not keep a pipe of ours open, and its end must not depend
    /// on SIGCHLD reaching Foundation's process monitor in a test process full of threads.
    private static func script(_ arguments: [String], environment extra: [String]) throws -> (Int32, String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("curate-slurm-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ["/bin/bash", Self.scriptURL.path] + arguments
        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" } + extra
        let cArguments = argv.map { strdup($0) } + [nil]
        let cEnvironment = environment.map { strdup($0) } + [nil]
        defer { (cArguments + cEnvironment).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, "/bin/bash", &actions, nil, cArguments, cEnvironment)
        guard spawned == 0 else { throw SlurmSubmitter.Refused(description: "cannot start bash: \(String(cString: strerror(spawned)))") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return ((status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f), text)
    }

    private static var scriptURL: URL { CurateBinary.repository.appendingPathComponent("Tests/slurm/local-cluster.sh") }
}

@Suite(.serialized, .enabled(if: LocalSlurm.available, "needs root and Debian's slurm-wlm and munge"))
struct SlurmClusterTests {
    let folder = TemporaryFolder()
    var repository: URL { CurateBinary.repository }

    /// Polls the submission's status until nothing runs or waits to run.
    func settle(_ out: URL, seconds: Double = 600) throws -> SlurmStatus {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let status = try SlurmStatus(outputRoot: out, directory: repository)
            if status.isSettled { return status }
            Thread.sleep(forTimeInterval: 0.5)
        }
        throw SlurmSubmitter.Refused(description: "the cluster run did not settle in \(Int(seconds)) s")
    }

    /// Every file under `root` but the catalog and the cluster run's bookkeeping, relative.
    func files(under root: URL) -> [String] {
        let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var found = [String]()
        while let url = walker?.nextObject() as? URL {
            guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if relative.hasPrefix(".slurm/") || relative.hasPrefix(".locks/") || relative.hasPrefix("catalog.sqlite") { continue }
            found.append(relative)
        }
        return found.sorted()
    }

    /// A task's details without the cache entries it carries: a cluster task has no shared
    /// cache, so it records the tool verdicts it had to compute again (the rewrite stage's
    /// validator re-checks what the quality stage checked), where a local task found them in
    /// the catalog. Everything else in the details must be the same.
    func taskDetails(_ url: URL) throws -> [NSDictionary] {
        let reader = try ZstdJSONLReader(url: url)
        var lines = [NSDictionary]()
        while let line = try reader.nextLine() {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line)) as? [String: Any])
            lines.append(object.filter { $0.key != "cache" } as NSDictionary)
        }
        return lines
    }

    func expectSameOutputs(_ local: URL, _ cluster: URL) throws {
        let localFiles = files(under: local)
        #expect(localFiles.count > 50, "the local run wrote too little to compare: \(localFiles)")
        let clusterFiles = files(under: cluster)
        #expect(clusterFiles == localFiles,
                "only local: \(Set(localFiles).subtracting(clusterFiles).sorted()); only cluster: \(Set(clusterFiles).subtracting(localFiles).sorted())")
        let differing = localFiles.filter { path in
            if path.hasSuffix(".details.jsonl.zst") {
                return (try? taskDetails(local.appendingPathComponent(path))) != (try? taskDetails(cluster.appendingPathComponent(path)))
            }
            return (try? Data(contentsOf: local.appendingPathComponent(path))) != (try? Data(contentsOf: cluster.appendingPathComponent(path)))
        }
        #expect(differing.isEmpty, "differ between the local and the cluster run: \(differing)")
    }

    /// The bundled corpora through every stage as Slurm arrays of 4 tasks a step (arrays split
    /// at a MaxArraySize of 5), one task cancelled while it runs: status names it, submitting
    /// again runs only that partition and the steps after it, and the outputs and the merged
    /// catalog end up identical to a local run's.
    @Test(.timeLimit(.minutes(20)))
    func clusterRunWithACancelledTaskEndsIdenticalToALocalRun() throws {
        let local = folder.url.appendingPathComponent("local")
        let cluster = folder.url.appendingPathComponent("cluster")
        let reference = try CurateBinary.run(["run", "--out", local.path, "--quiet", "--threads", "2"])
        #expect([0, 3].contains(reference.status), "\(reference.stdout)\(reference.stderr)")

        let slurm = try LocalSlurm(state: folder.url.appendingPathComponent("slurm"), maxArraySize: 5)
        defer { slurm.stop() }
        let first = try CurateBinary.run(["slurm", "submit", "--out", cluster.path, "--tasks", "4"])
        try #require(first.status == 0, "\(first.stdout)\(first.stderr)")

        // Cancel one quality task while it runs (each compiles snippets for a few seconds).
        var cancelled: (partition: SlurmStatus.Partition, key: String)?
        let deadline = Date().addingTimeInterval(300)
        while cancelled == nil, Date() < deadline {
            let status = try SlurmStatus(outputRoot: cluster, directory: repository)
            let quality = try #require(status.steps.first { $0.key == "quality.parts" })
            if let running = quality.partitions.first(where: { $0.state == .running }), let task = running.task {
                let result = try ProcessRunner("scancel").run([task], in: repository,
                                                              environment: ProcessInfo.processInfo.environment, timeLimit: 30)
                #expect(result.succeeded, "\(result.text)")
                cancelled = (running, quality.key)
            }
            try #require(quality.count(.done) < quality.partitions.count, "every quality task finished before one could be cancelled")
            Thread.sleep(forTimeInterval: 0.05)
        }
        let victim = try #require(cancelled, "no quality task was seen running")

        let stopped = try settle(cluster)
        let quality = try #require(stopped.steps.first { $0.key == "quality.parts" })
        let failed = quality.partitions.filter { $0.state == .failed }
        #expect(failed.map(\.domain) == [victim.partition.domain] && failed.map(\.partition) == [victim.partition.partition])
        let dedup = try #require(stopped.steps.first { $0.key == "dedup.clusters" })
        #expect(!dedup.partitions.isEmpty && dedup.count(.blocked) == dedup.partitions.count)
        let report = try CurateBinary.run(["slurm", "status", "--out", cluster.path])
        #expect(report.stdout.contains("failed: quality.parts \(victim.partition.domain) partition \(victim.partition.partition)/4"), "\(report.stdout)")
        #expect(report.stdout.contains("log "), "\(report.stdout)")

        // A step that has started keeps its split.
        let resplit = try CurateBinary.run(["slurm", "submit", "--out", cluster.path, "--tasks", "3"])
        #expect(resplit.status != 0)
        #expect(resplit.stderr.contains("quality.parts has started with --tasks 4"), "\(resplit.stderr)")

        let second = try CurateBinary.run(["slurm", "submit", "--out", cluster.path, "--tasks", "4"])
        try #require(second.status == 0, "\(second.stdout)\(second.stderr)")
        #expect(second.stdout.contains("textbooks.parts: finished, nothing to submit"), "\(second.stdout)")
        #expect(second.stdout.contains("quality.parts: 1 of \(quality.partitions.count) task(s)"), "\(second.stdout)")
        let finished = try settle(cluster)
        for step in finished.steps {
            #expect(step.count(.done) == step.partitions.count, "\(step.key): \(step.partitions.map { "\($0.domain) \($0.partition) \($0.state)" })")
        }

        let merged = try CurateBinary.run(["catalog", "merge", "--out", cluster.path])
        #expect(merged.status == 0, "\(merged.stdout)\(merged.stderr)")
        try expectSameOutputs(local, cluster)
        for question in ["summary", "rejected"] {
            let fromLocal = try CurateBinary.run(["catalog", question, "--out", local.path])
            let fromCluster = try CurateBinary.run(["catalog", question, "--out", cluster.path])
            #expect(fromLocal.stdout == fromCluster.stdout, "catalog \(question) differs after the merge")
        }
        let again = try CurateBinary.run(["catalog", "merge", "--out", cluster.path])
        #expect(again.stdout.hasPrefix("folded 0 task record(s)"), "\(again.stdout)")
    }
}
