import Foundation
@testable import CurateKit

/// Runs one stage the way `curate run` does (through the `StageRunner`, without a catalog), so
/// tests exercise the steps, staging and commits a real run uses.
@discardableResult
func runStageForTests(_ stage: any Stage, domain: DomainSettings, outputRoot: URL, threads: Int = 2,
                      force: Bool = false) throws -> StageSummary {
    let runner = StageRunner(outputRoot: outputRoot, catalog: nil, progress: ProgressReporter(style: .quiet))
    return try runner.run(stage, settings: StageSettings(digest: "test", parts: 4), domain: domain,
                          options: RunOptions(threads: threads, force: force))
}

/// Every sample in the part files of one stage's folder, in part order.
func samplesForTests(in folder: URL) throws -> [Sample] {
    var samples = [Sample]()
    try SampleParts.forEach(in: PartFiles.list(in: folder)) { samples.append($0) }
    return samples
}
