import Foundation

/// The textbooks stage: books in HTML, XHTML, DocBook or EPUB become QUESTION/ANSWER code
/// pairs (`FORMATS.md`, section 1), one input per book file.
///
/// Pipeline section `[textbooks]`:
/// - `sources`: globs relative to the project root (the folder before the first wildcard must
///   exist, or the pipeline is refused); a folder stands for every `.html`,
///   `.htm`, `.xhtml`, `.xml`, `.dbk` and `.epub` file under it, and in the shell domain also
///   for every shell script (`ScriptReader`): one pair per commented function.
/// - `max_answer_lines` (8), `answer_width` (48), `question_width` (60): the shape of a pair.
/// - `exclude`: globs of input paths to leave out (`*` also crosses `/`), e.g.
///   `["*/experimental/*"]`.
/// - `min_code_lines` (1), `max_code_lines` (400): listings outside these bounds are skipped.
/// - `whole_programs` (false): keep only C++ listings that define `main` and mark no line
///   `// error`.
/// - `style` ("reference"): "design" asks why and when instead, answered with the book's
///   reasoning, and pairs a worse listing with the better one that follows it
///   (`DesignPairBuilder`). A `.rst` or `.rst.txt` source is read as reST (`RSTReader`).
public struct TextbooksStage: SampleStage {
    public static let name = "textbooks"
    /// 7: field-list lines ("Mandatory : NO") left out of answers; an answer of one long sentence
    /// is whole up to twice the room, else cut at its last clause that fits, not mid-clause.
    public static let version = "7"

    let sources: [String]
    let exclude: [String]
    let settings: PairSettings

    public init(section: ConfigTable, domain: DomainSettings) throws {
        sources = try section.strings("sources", default: [])
        exclude = try section.strings("exclude", default: [])
        var settings = PairSettings()
        settings.maxAnswerLines = try section.int("max_answer_lines", default: settings.maxAnswerLines, range: 1...100)
        settings.answerWidth = try section.int("answer_width", default: settings.answerWidth, range: 20...200)
        settings.questionWidth = try section.int("question_width", default: settings.questionWidth, range: 30...200)
        settings.minCodeLines = try section.int("min_code_lines", default: settings.minCodeLines, range: 1...10_000)
        settings.maxCodeLines = try section.int("max_code_lines", default: settings.maxCodeLines, range: 1...1_000_000)
        settings.wholePrograms = try section.bool("whole_programs", default: settings.wholePrograms)
        let style = try section.string("style", default: settings.style.rawValue)
        guard let chosen = PairStyle(rawValue: style) else {
            throw ConfigError.invalid(file: section.file, key: section.qualified("style"), line: section.line(of: "style"),
                                      reason: "'\(style)' is no pair style; use one of \(PairStyle.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        settings.style = chosen
        try section.rejectUnknownKeys()
        try SourceGlob.requireBases(of: "sources", in: section, root: domain.root)
        if settings.minCodeLines > settings.maxCodeLines {
            throw ConfigError.invalid(file: section.file, key: section.qualified("min_code_lines"),
                                      line: section.line(of: "min_code_lines"),
                                      reason: "must not exceed max_code_lines (\(settings.maxCodeLines))")
        }
        self.settings = settings
    }

    /// One input per book file: the explicit paths when given (a missing one is an error),
    /// else the `sources` globs (whose folders exist, checked by `init`, but may hold no books).
    public func inputs(_ context: StageContext) throws -> [StageInput] {
        var urls = [URL]()
        if let explicit = context.explicitPaths {
            for url in explicit {
                guard FileManager.default.fileExists(atPath: url.path) else {
                    throw InputRejected("\(context.displayPath(url)): no such file or folder")
                }
                urls += SourceGlob.isFolder(url) ? books(under: url, context) : [url]
            }
        } else {
            for pattern in sources {
                for url in SourceGlob.expand(pattern, root: context.domain.root) {
                    urls += SourceGlob.isFolder(url) ? books(under: url, context) : [url]
                }
            }
        }
        var seen = Set<String>()
        var inputs = [StageInput]()
        for url in urls {
            let id = context.displayPath(url)
            if exclude.contains(where: { fnmatch($0, id, 0) == 0 }) { continue }
            if seen.insert(id).inserted { inputs.append(StageInput(id: id, url: url)) }
        }
        return inputs.sorted { $0.id < $1.id }
    }

    /// Books under a folder; for the shell domain, scripts too.
    private func books(under folder: URL, _ context: StageContext) -> [URL] {
        let books = SourceGlob.books(under: folder)
        return context.domain.language == .shell ? books + SourceGlob.scripts(under: folder) : books
    }

    public func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let book: Book
        do {
            let suffix = input.url.pathExtension.lowercased()
            let isScript = context.domain.language == .shell && !BookReader.suffixes.contains(suffix)
            book = isScript ? try ScriptReader.read(input.url, file: input.id) : try BookReader.read(input.url, file: input.id)
        } catch let error as BookError {
            throw InputRejected(error.description)
        }
        let builder = PairBuilder(settings: settings, domain: context.domain.name,
                                  language: context.domain.language, uri: input.id)
        return settings.style == .design ? DesignPairBuilder(pairs: builder).build(book) : builder.build(book)
    }
}
