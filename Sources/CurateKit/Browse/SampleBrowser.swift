import Foundation

/// Reads the samples of out/ for a person to look at: streams the part files of one stage per
/// domain (memory holds one sample, or the few a random choice keeps) and hands each match on.
/// A sample asked for by id is found through the catalog, so only the parts holding it are read.
public struct SampleBrowser {
    public let layout: OutputLayout
    /// The catalog, when there is one: it holds each sample's quality reasons.
    let catalog: Catalog?

    public init(outputRoot: URL) throws {
        layout = OutputLayout(root: outputRoot)
        guard FileManager.default.fileExists(atPath: layout.root.path) else {
            throw SampleBrowserError.noOutput(layout.root.path)
        }
        catalog = FileManager.default.fileExists(atPath: layout.catalog.path) ? try Catalog(url: layout.catalog) : nil
    }

    /// Calls `emit` with every sample the query selects, in domain, part and line order.
    /// Returns how many samples were read.
    @discardableResult
    public func browse(_ query: SampleQuery, emit: (BrowsedSample) throws -> Void) throws -> Int {
        let places = try partsToRead(query)
        var read = 0
        if let random = query.random {
            var reservoir = SampleReservoir<BrowsedSample>(capacity: random.count, seed: random.seed)
            try stream(places, filter: query.filter) { read += 1; reservoir.offer($0) }
            for sample in reservoir.elements { try emit(withReasons(sample)) }
        } else {
            try stream(places, filter: query.filter) { read += 1; try emit(withReasons($0)) }
        }
        return read
    }

    /// The sample with its quality reasons from the catalog, looked up only for samples shown.
    private func withReasons(_ browsed: BrowsedSample) throws -> BrowsedSample {
        guard let catalog else { return browsed }
        var browsed = browsed
        browsed.reasons = try catalog.qualityReasons(sampleID: browsed.sample.id)
        return browsed
    }

    /// One stage's part files to read.
    struct Place: Hashable {
        var stage: String
        var parts: [URL]
    }

    func partsToRead(_ query: SampleQuery) throws -> [Place] {
        if let prefix = query.filter.idPrefix, !prefix.isEmpty, let catalog {
            return try catalogPlaces(idPrefix: prefix, query: query, catalog: catalog)
        }
        let domains = query.domain.map { [$0] } ?? layout.domains
        var places = [Place]()
        for domain in domains {
            if let stage = query.stage {
                places.append(Place(stage: stage, parts: layout.parts(of: stage, domain: domain)))
            } else if let stage = finalSampleStage(domain: domain) {
                places.append(Place(stage: stage, parts: layout.parts(of: stage, domain: domain)))
            }
        }
        if places.allSatisfy({ $0.parts.isEmpty }) {
            let folder = layout.root.appendingPathComponent(query.domain ?? "*").appendingPathComponent(query.stage ?? "*").path
            throw SampleBrowserError.noParts("no sample parts in \(folder)")
        }
        return places
    }

    /// The last stage, in pipeline order, that wrote sample parts for `domain`; folders not
    /// named for a registered stage come after them, by name.
    func finalSampleStage(domain: String) -> String? {
        let folder = layout.domain(domain)
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { !$0.hasPrefix(".") && !layout.parts(of: $0, domain: domain).isEmpty }
        let order = StageRegistry.standard.names
        return names.max { a, b in
            let ia = order.firstIndex(of: a) ?? order.count, ib = order.firstIndex(of: b) ?? order.count
            return (ia, a) < (ib, b)
        }
    }

    /// The parts the catalog says hold samples whose id starts with `prefix`.
    func catalogPlaces(idPrefix prefix: String, query: SampleQuery, catalog: Catalog) throws -> [Place] {
        var places = [Place]()
        for location in try catalog.sampleLocations(idPrefix: prefix) {
            if let domain = query.domain, location.domain != domain { continue }
            if let stage = query.stage, location.stage != stage { continue }
            let part = layout.stage(location.stage, domain: location.domain).appendingPathComponent(PartFiles.name(location.part))
            // A part the catalog names but that is gone (cleaned, or the stage rerun since)
            // is read as the whole stage instead, so a stale catalog never hides a sample.
            let parts = FileManager.default.fileExists(atPath: part.path) ? [part] : layout.parts(of: location.stage, domain: location.domain)
            let place = Place(stage: location.stage, parts: parts)
            if !places.contains(place) { places.append(place) }
        }
        return places
    }

    private func stream(_ places: [Place], filter: SampleFilter, _ body: (BrowsedSample) throws -> Void) throws {
        for place in places {
            for part in place.parts {
                let relative = layout.relativePath(part) ?? part.path
                var line = 0
                try SampleParts.forEach(in: [part]) { sample in
                    line += 1
                    if filter.matches(sample) {
                        try body(BrowsedSample(stage: place.stage, part: relative, line: line, sample: sample))
                    }
                }
            }
        }
    }
}
