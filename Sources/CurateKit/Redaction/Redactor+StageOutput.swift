import Foundation

extension Redactor {
    /// Redacts everything a stage produced before any of it is written: the samples' text and
    /// sources, the reasons and places of rejections, skips and pending work, and notes. A
    /// redacted sample gets its new content id (notes follow it) and one `redacted` note per
    /// redaction, naming the kind and the place (`email completion:12`), never the text.
    public func redact(_ output: StageOutput) -> StageOutput {
        guard settings.enabled else { return output }
        var result = StageOutput(pending: [])
        var renamed = [String: String]()
        for sample in output.samples {
            let (clean, redactions) = redact(sample)
            if clean.id != sample.id { renamed[sample.id] = clean.id }
            result.samples.append(clean)
            result.notes += redactions.map { SampleNote(sampleID: clean.id, key: "redacted", value: $0) }
        }
        result.rejections = output.rejections.map(redact)
        result.skipped = output.skipped.map(redact)
        result.pending = output.pending.map(redact)
        result.notes = output.notes.map { note in
            SampleNote(sampleID: renamed[note.sampleID] ?? note.sampleID, key: note.key, value: redact(note.value).text)
        } + result.notes
        return result
    }

    /// The sample with every field redacted, and where each redaction was
    /// (`<kind> <field>:<line>` for the prompt and completion, `<kind> <field>` otherwise).
    public func redact(_ sample: Sample) -> (Sample, [String]) {
        var places = [String]()
        func field(_ name: String, _ text: String, lines: Bool = true) -> String {
            let (clean, redactions) = redact(text)
            places += redactions.map { lines ? "\($0.kind.rawValue) \(name):\($0.line)" : "\($0.kind.rawValue) \(name)" }
            return clean
        }
        let prompt = field("prompt", sample.prompt)
        let completion = field("completion", sample.completion)
        var source = sample.source
        source.uri = field("uri", source.uri, lines: false)
        source.locator = field("locator", source.locator, lines: false)
        source.title = source.title.map { field("title", $0, lines: false) }
        source.licence = source.licence.map { field("licence", $0, lines: false) }
        guard !places.isEmpty else { return (sample, []) }
        var clean = Sample(domain: sample.domain, kind: sample.kind, prompt: prompt, completion: completion, source: source,
                           scores: sample.scores, band: sample.band, lineage: sample.lineage)
        clean.lineage.append(LineageStep(stage: "redaction", version: Redactor.version))
        return (clean, places)
    }

    func redact(_ finding: Finding) -> Finding {
        Finding(locator: redact(finding.locator).text, reason: redact(finding.reason).text)
    }
}
