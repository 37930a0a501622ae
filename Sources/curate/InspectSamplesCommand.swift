import ArgumentParser
import CurateKit
import Foundation

/// `curate inspect samples`: page through samples as they will be trained on.
struct InspectSamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Page through samples as they will be trained on, with scores, band, source and lineage.",
        discussion: """
            Reads the parts of out/<domain>/<stage>/ as a stream; by default each domain's last \
            stage that wrote samples. On a terminal the text goes through `less -R` with the \
            FORMATS markers highlighted; piped, it is plain. --id finds the parts through the catalog.
            """
    )

    @Option(name: .long, help: "Output folder.")
    var out: String = "out"

    @Option(name: .long, help: "Only this domain.")
    var domain: String?

    @Option(name: .long, help: "Read this stage's parts (default: the domain's last stage with samples).")
    var stage: String?

    @Option(name: .long, help: "Only this quality band: high, marginal or low.")
    var band: String?

    @Option(name: .long, help: "Only this kind: qa, snapshot, agent-query or text.")
    var kind: String?

    @Option(name: .long, help: "Only samples whose prompt or completion contains this text.")
    var grep: String?

    @Option(name: .long, help: "Show a random N of the matching samples (reservoir sampling).")
    var random: Int?

    @Option(name: .long, help: "Seed of --random: the same seed picks the same samples.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Only samples whose id starts with this (looked up in the catalog).")
    var id: String?

    @Flag(name: .long, help: "One JSON object per line, for scripts.")
    var json = false

    @Flag(name: .long, help: "Plain text and no pager, even on a terminal.")
    var plain = false

    func validate() throws {
        if let band, Sample.Band(rawValue: band) == nil {
            throw ValidationError("--band must be one of: \(Sample.Band.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let kind, Sample.Kind(rawValue: kind) == nil {
            throw ValidationError("--kind must be one of: \(Sample.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if let random, random < 1 { throw ValidationError("--random must be at least 1") }
    }

    func run() throws {
        let filter = SampleFilter(band: band.flatMap(Sample.Band.init(rawValue:)), kind: kind.flatMap(Sample.Kind.init(rawValue:)),
                                  text: grep, idPrefix: id)
        let query = SampleQuery(domain: domain, stage: stage, filter: filter,
                                random: random.map { SampleQuery.RandomChoice(count: $0, seed: seed) })
        let interactive = TerminalPager.isTerminal && !plain && !json
        let pager = TerminalPager(page: interactive)
        let rendering = SampleRendering(colour: interactive)
        defer { pager.finish() }
        var shown = 0
        do {
            try SampleBrowser(outputRoot: URL(fileURLWithPath: out)).browse(query) { browsed in
                let text = json ? String(decoding: try JSONCoding.lineBytes(browsed), as: UTF8.self) + "\n" : rendering.render(browsed)
                guard pager.write(text) else { throw CancellationError() }
                shown += 1
            }
        } catch is CancellationError {
            // The reader quit the pager or closed the pipe: nothing more to show.
            return
        }
        if shown == 0 && !json {
            FileHandle.standardError.write(Data("no sample matches\n".utf8))
        }
    }
}
