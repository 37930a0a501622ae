/// One colour means one thing across the report: a domain keeps its colour in every chart, and
/// quality bands use one fixed scale.
enum ReportColours {
    /// The seven domains in a fixed order; any other name takes a stable colour from its bytes.
    static let domains = ["cpp", "cmake", "debug", "shell", "orchestration", "design", "review"]
    static let palette = ["#3b6ea5", "#e07b39", "#5a9e5a", "#8266a8", "#8c6d31", "#d16ba5", "#2a9d9a", "#6b7b8c"]

    static func domain(_ name: String) -> String {
        if let index = domains.firstIndex(of: name) { return palette[index] }
        return palette[name.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xffff } % palette.count]
    }

    /// Bands from good to bad: green, amber, red; grey for samples not scored yet.
    static func band(_ band: Sample.Band?) -> String {
        switch band {
        case .high?: "#3f8f3f"
        case .marginal?: "#d9a11c"
        case .low?: "#c0392b"
        case nil: "#9a9a9a"
        }
    }

    /// Counts that belong to no domain or band (histograms over all samples).
    static let neutral = palette[7]

    /// Rejections, in the band scale's red.
    static let rejection = band(.low)
}
