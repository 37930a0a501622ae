import ArgumentParser
import CurateKit
import Foundation

/// `curate catalog`: what the pipeline made, what it rejected and why, where a sample came from.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Answer questions from the catalog (out/catalog.sqlite).",
        discussion: """
            QUESTION is one of:
              summary       samples per domain, stage, kind and band; inputs, rejections, skips (default)
              rejected      rejections grouped by reason (--detail: every rejected place)
              skipped       skipped places grouped by reason
              sample ID     where the sample with this id (or id prefix) came from, with its notes
              runs          the most recent stage runs
              decontaminated  samples dropped as contaminated, per domain and evaluation item
              redacted      redactions per domain, stage and kind (never the text removed)
              merge         fold in the task records of runs that did not write the catalog (Slurm tasks)
              rebuild       set a damaged catalog aside and rebuild it from the task records
            """
    )

    @Argument(help: "summary | rejected | skipped | sample ID | runs | decontaminated | redacted | merge | rebuild")
    var question: [String] = ["summary"]

    @Option(name: .long, help: "Output folder holding catalog.sqlite.")
    var out: String = "out"

    @Option(name: .long, help: "Only this domain (rejected, skipped, decontaminated, redacted).")
    var domain: String?

    @Flag(name: .long, help: "With rejected: one row per rejected place.")
    var detail = false

    @Option(name: .long, help: "At most this many rows.")
    var limit = 50

    func run() throws {
        let root = URL(fileURLWithPath: out)
        if question.first == "rebuild" {
            let rebuilt = try Catalog.rebuild(outputRoot: root)
            let aside = rebuilt.keptAs.map { "; the old file is kept as \($0.path)" } ?? ""
            print("rebuilt \(rebuilt.catalog.url.path) from \(rebuilt.tasks) task records\(aside)")
            return
        }
        let file = root.appendingPathComponent("catalog.sqlite")
        if question.first == "merge" {
            let result = try Catalog(url: file).merge(OutputLayout(root: root.standardizedFileURL))
            print("folded \(result.folded) task record(s); \(result.current) already current; \(result.forgotten) gone task(s) dropped")
            return
        }
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw ValidationError("no catalog at \(file.path): run `make` or a stage first")
        }
        let catalog = try Catalog(url: file)
        switch question.first ?? "summary" {
        case "summary": print(try catalog.summaryReport() + catalog.safetySummary())
        case "decontaminated": print(try catalog.decontaminatedReport(domain: domain, limit: limit))
        case "redacted": print(try catalog.redactedReport(domain: domain))
        case "rejected": print(try catalog.rejectedReport(domain: domain, detail: detail, limit: limit))
        case "skipped": print(try catalog.skippedReport(domain: domain, limit: limit))
        case "runs": print(try catalog.runsReport(limit: limit))
        case "sample":
            guard question.count == 2 else { throw ValidationError("usage: curate catalog sample ID") }
            print(try catalog.sampleReport(idPrefix: question[1]))
        case let other:
            throw ValidationError("unknown question '\(other)'; ask one of: summary, rejected, skipped, sample ID, runs, decontaminated, redacted, merge, rebuild")
        }
    }
}
