import Foundation

/// `curate report`: one self-contained HTML page (inline SVG, no scripts, no network) with what
/// a curator wants to see: samples per stage and band, rejections by reason, score and size
/// histograms, dedup cluster sizes, tokens, documents and shard sizes per domain, phase and split,
/// and bytes per token of each domain's text under each tokenizer and under a mixed one.
public enum HTMLReport {
    /// `log` hears of slow work (training the mixed tokenizers the first time).
    public static func build(outputRoot: URL, catalog: Catalog, threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                             log: (String) -> Void = { _ in }) throws -> String {
        var sections = [(String, String)]()
        sections.append(("Samples per stage and band", SVGChart.bars(try catalog.samplesPerStageAndBand())))
        sections.append(("Rejections by reason", SVGChart.bars(try catalog.rejectionsByReason())))
        sections.append(("Rejections, skips and pending rewrites per domain", findingsTables(try catalog.findingsPerDomain())))
        sections.append(("Decontamination and redaction per domain", try safetyTables(catalog: catalog)))
        for name in try catalog.scoreNames() {
            sections.append(("Score: \(name)", SVGChart.histogram(unitHistogram(try catalog.scores(named: name)))))
        }
        for stage in try catalog.stagesWithSamples() {
            sections.append(("Sample size in bytes: \(stage)", SVGChart.histogram(powerOfTwoHistogram(try catalog.sampleSizes(stage: stage)))))
        }
        sections.append(("Near-duplicate cluster sizes", SVGChart.histogram(powerOfTwoHistogram(try catalog.clusterSizes()))))
        sections.append(("Tokens per domain, phase and split", SVGChart.bars(shardTokens(outputRoot: outputRoot))))
        sections.append(("Shards per domain, phase and split", shardTable(outputRoot: outputRoot)))
        sections.append(("Bytes per token on held-out samples, per domain tokenizer",
                         SVGChart.bars(try bytesPerToken(outputRoot: outputRoot).map(domainBar))))
        // Read back from the parts once, for both tables.
        let heldOut = heldOutDocuments(OutputLayout(root: outputRoot))
        sections.append(("Bytes per token of each domain's held-out samples, by tokenizer",
                         crossTokenizerTable(outputRoot: outputRoot, heldOut: heldOut)))
        sections.append(("Bytes per token of each domain's held-out samples: domain tokenizer against a mixed one",
                         try mixedTokenizerTable(outputRoot: outputRoot, heldOut: heldOut, threads: threads, log: log)))
        let converters = converterReports(outputRoot: outputRoot)
        sections.append(("Converters: % of source tokens with an exact decomposition",
                         SVGChart.bars(converters.map { domainBar(($0.label, 100 * $0.report.exactShare)) })))
        sections.append(("Converters: % of held-out bytes settled by the table",
                         SVGChart.bars(converters.filter { $0.report.conversion.bytes > 0 }.map {
                             domainBar(($0.label, 100 * Double($0.report.conversion.tableBytes) / Double($0.report.conversion.bytes)))
                         })))
        return page(sections)
    }

    /// A bar in the colour of the domain its label starts with (`cpp`, `cpp · phase1 · train`, `cpp→shell`).
    static func domainBar(_ item: (label: String, value: Double)) -> SVGChart.Bar {
        let domain = item.label.prefix { $0 != " " && $0 != "→" }
        return SVGChart.Bar(label: item.label, value: item.value, colour: ReportColours.domain(String(domain)))
    }

    /// Held-out bytes per token from each domain's `tokenizer/training.json`.
    static func bytesPerToken(outputRoot: URL) throws -> [(label: String, value: Double)] {
        let layout = OutputLayout(root: outputRoot)
        return layout.domains.compactMap { domain in
            guard let training = try? JSONCoding.readDocument(TrainingReport.self, from: layout.tokenizerTraining(domain: domain)),
                  training.heldOutTokens > 0 else { return nil }
            return (domain, Double(training.heldOutBytes) / Double(training.heldOutTokens))
        }
    }

    /// Every converter's figures (`out/<A>/converters/<B>.json`), labelled `A→B`.
    static func converterReports(outputRoot: URL) -> [(label: String, report: ConverterReport)] {
        let layout = OutputLayout(root: outputRoot)
        return layout.domains.flatMap { domain -> [(label: String, report: ConverterReport)] in
            let folder = layout.stage("converters", domain: domain)
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
            return names.compactMap { name in
                let target = String(name.dropLast(".json".count))
                guard let report = try? JSONCoding.readDocument(ConverterReport.self, from: layout.converterReport(from: domain, to: target))
                else { return nil }
                return ("\(domain)→\(target)", report)
            }
        }
    }

    /// Tokens from every shard manifest under the output folder.
    static func shardTokens(outputRoot: URL) -> [SVGChart.Bar] {
        var items = [SVGChart.Bar]()
        let layout = OutputLayout(root: outputRoot)
        for domain in layout.domains {
            for phase in Phase.allCases {
                let url = layout.shardManifest(phase.name, domain: domain)
                guard let manifest = try? ShardManifest.load(url) else { continue }
                for split in Split.allCases {
                    let tokens = manifest.splits[split.rawValue]?.tokens ?? 0
                    if tokens > 0 { items.append(domainBar(("\(domain) · \(phase.name) · \(split.rawValue)", Double(tokens)))) }
                }
            }
        }
        return items
    }

    static func unitHistogram(_ values: [Double], bins: Int = 20) -> [(label: String, count: Int)] {
        guard !values.isEmpty else { return [] }
        var counts = [Int](repeating: 0, count: bins)
        for value in values { counts[min(bins - 1, max(0, Int(value * Double(bins))))] += 1 }
        return counts.enumerated().map { (String(format: "%.2f", Double($0.offset) / Double(bins)), $0.element) }
    }

    static func powerOfTwoHistogram(_ values: [Int]) -> [(label: String, count: Int)] {
        guard let largest = values.max(), largest > 0 else { return [] }
        let top = Int.bitWidth - largest.leadingZeroBitCount
        var counts = [Int](repeating: 0, count: top + 1)
        for value in values { counts[value <= 0 ? 0 : Int.bitWidth - value.leadingZeroBitCount] += 1 }
        return counts.enumerated().map { ($0.offset == 0 ? "0" : "\(1 << ($0.offset - 1))", $0.element) }
    }

    static func page(_ sections: [(String, String)]) -> String {
        let body = sections.map { "<section><h2>\(HTML.escape($0.0))</h2>\n\($0.1)\n</section>" }.joined(separator: "\n")
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>curate report</title>
            <style>
            body { font-family: sans-serif; margin: 2em auto; max-width: 780px; color: #222; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.1em; margin-top: 2em; border-bottom: 1px solid #ccc; }
            .empty { color: #888; font-style: italic; }
            table.findings { border-collapse: collapse; } .findings th { text-align: left; padding-right: 1em; vertical-align: top; }
            .findings td.count { text-align: right; padding-left: 1em; }
            table.figures { border-collapse: collapse; } .figures th, .figures td { text-align: left; padding: 0.15em 0.8em 0.15em 0; }
            .figures .count { text-align: right; }
            </style></head>
            <body><h1>curate report</h1>
            \(body)
            </body></html>
            """
    }
}
