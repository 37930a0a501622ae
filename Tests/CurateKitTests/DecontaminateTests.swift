import Foundation
import Testing
@testable import CurateKit

/// The decontaminate stage on the bundled evaluation set (evals/cpp-problems.jsonl) and the
/// planted corpus (Fixtures/decontaminate/planted.jsonl: each item verbatim, renamed and
/// reformatted, among independent solutions of the same problems and unrelated code).
@Suite struct DecontaminateTests {
    static let root = TextbooksSupport.repositoryRoot
    static let domain = DomainSettings(name: "cpp", language: .cpp, root: root)

    struct Planted {
        var sample: Sample
        var label: String
        var item: String
    }

    static func planted() throws -> [Planted] {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
            .appendingPathComponent("decontaminate/planted.jsonl")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").enumerated().map { number, line in
            let row = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: String]
            let sample = Sample(domain: "cpp", kind: .qa, prompt: row["prompt"]!, completion: row["completion"]!,
                                source: SampleSource(uri: "planted.jsonl", locator: "line \(number + 1)"))
            return Planted(sample: sample, label: row["label"]!, item: row["item"]!)
        }
    }

    static func stage(_ configure: (inout DecontaminateSettings) -> Void = { _ in }) -> DecontaminateStage {
        var settings = DecontaminateSettings()
        settings.sets = ["evals/cpp-problems.jsonl"]
        configure(&settings)
        return DecontaminateStage(settings: settings, domain: domain)
    }

    @Test func plantedCopiesAreFoundAndCleanSamplesKept() throws {
        let index = try ContaminationIndexCache.index(for: Self.stage())
        #expect(index.items.count == 16)
        var scratch = ContaminationIndex.Scratch()
        var found = [String: (hit: Int, all: Int)]()
        var falsePositives = [String]()
        for planted in try Self.planted() {
            let match = index.check(planted.sample.trainingText, scratch: &scratch)
            if planted.label == "clean" {
                if let match { falsePositives.append("\(planted.sample.source.locator) -> \(match.item) \(match.method) \(match.overlap)") }
                continue
            }
            var tally = found[planted.label, default: (0, 0)]
            tally.all += 1
            if let match, match.item == "cpp-problems/" + planted.item { tally.hit += 1 }
            found[planted.label] = tally
        }
        for (label, tally) in found.sorted(by: { $0.key < $1.key }) {
            print("decontamination recall, \(label): \(tally.hit)/\(tally.all)")
            #expect(tally.hit == tally.all, "\(label): \(tally.hit) of \(tally.all) planted copies found")
        }
        #expect(found.count == 3)
        print("decontamination false positives among clean samples: \(falsePositives.count)")
        #expect(falsePositives.isEmpty, "\(falsePositives)")
    }

    /// Each disguise is found by the method meant for it: words for a verbatim copy, code
    /// n-grams for a renamed one.
    @Test func renamedCopiesAreFoundByCodeNotWords() throws {
        var words = Self.stage().settings
        words.codeNgram = 256
        words.exactUnits = false
        let wordsOnly = ContaminationIndex(items: try Self.stage().loadItems(), settings: words, hashComments: false)
        var scratch = ContaminationIndex.Scratch()
        let renamed = try Self.planted().filter { $0.label == "renamed" }
        var foundByWords = 0
        for copy in renamed where wordsOnly.check(copy.sample.trainingText, scratch: &scratch) != nil { foundByWords += 1 }
        #expect(foundByWords < renamed.count / 2, "word n-grams alone should miss most renamed copies, found \(foundByWords)")
    }

    /// A random consistent renaming of the names an item's author chose never hides it.
    @Test func anyConsistentRenamingIsFound() throws {
        let stage = Self.stage()
        let items = try stage.loadItems()
        let index = try ContaminationIndexCache.index(for: stage)
        var random = SplitMix64(seed: 7)
        var scratch = ContaminationIndex.Scratch()
        let keep = Set(CodeVocabulary.cpp)
        for round in 0..<64 {
            let item = items[Int(random.next() % UInt64(items.count))]
            // Names the author chose: not keywords, not reached through `::`, `.` or `->`, not the
            // text of a literal.
            let pattern = try NSRegularExpression(pattern: "(?<!::|\\.|->|'|\")\\b[A-Za-z_][A-Za-z0-9_]*\\b")
            var names = [String: String]()
            let text = item.text as NSString
            let result = NSMutableString(string: item.text)
            for match in pattern.matches(in: item.text, range: NSRange(location: 0, length: text.length)).reversed() {
                let name = text.substring(with: match.range)
                guard !keep.contains(name) else { continue }
                let fresh = names[name] ?? "n\(random.next() % 100_000)_\(names.count)"
                names[name] = fresh
                result.replaceCharacters(in: match.range, with: fresh)
            }
            let match = index.check(result as String, scratch: &scratch)
            #expect(match?.item == item.name, "round \(round): \(item.name) renamed was not found")
        }
    }

    @Test func stageDropsContaminatedSamplesAndRecordsWhy() throws {
        let project = TemporaryFolder()
        let out = project.url.appendingPathComponent("out")
        let planted = try Self.planted()
        let folder = out.appendingPathComponent("cpp/dedup")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for part in 0..<2 {
            let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(part)))
            for (position, row) in planted.enumerated() where position % 2 == part { try writer.write(row.sample) }
            try writer.close()
        }
        let summary = try runStageForTests(Self.stage(), domain: Self.domain, outputRoot: out)
        let kept = try samplesForTests(in: out.appendingPathComponent("cpp/decontaminate"))
        let clean = planted.filter { $0.label == "clean" }
        #expect(Set(kept.map(\.id)) == Set(clean.map(\.sample.id)))
        #expect(summary.rejected == planted.count - clean.count)
        #expect(summary.rejections.allSatisfy { $0.contains("contaminated: cpp-problems/CPP/") }, "\(summary.rejections)")

        // Editing the set redoes the parts: drop every item but one, and fewer samples go.
        let sets = project.url.appendingPathComponent("evals")
        try FileManager.default.createDirectory(at: sets, withIntermediateDirectories: true)
        let first = try String(contentsOf: Self.root.appendingPathComponent("evals/cpp-problems.jsonl"), encoding: .utf8)
            .split(separator: "\n")[0]
        try Data((first + "\n").utf8).write(to: sets.appendingPathComponent("one.jsonl"))
        var settings = DecontaminateSettings()
        settings.sets = ["evals/one.jsonl"]
        let domain = DomainSettings(name: "cpp", language: .cpp, root: project.url)
        let again = try runStageForTests(DecontaminateStage(settings: settings, domain: domain), domain: domain, outputRoot: out)
        #expect(again.rejected == 3, "the three planted copies of CPP/0")
        try Data((first + "\n" + first + "\n").utf8).write(to: sets.appendingPathComponent("one.jsonl"))
        let third = try runStageForTests(DecontaminateStage(settings: settings, domain: domain), domain: domain, outputRoot: out)
        #expect(third.reusedTasks == 0, "a changed set redoes every part")
    }

    @Test func badEvaluationSetsAreNamedWithTheirLine() throws {
        let project = TemporaryFolder()
        try project.write("{\"text\": \"fine\"}\nnot json\n", to: "evals/broken.jsonl")
        try project.write("{\"prompt\": \"no text field\"}\n", to: "evals/fieldless.jsonl")
        try project.write("int f() { return 1; }\n", to: "evals/plain/one.cpp")
        func load(_ path: String) throws -> [EvaluationItem] {
            try EvaluationSet.load(project.url.appendingPathComponent(path), textFields: ["text"], shownAs: path)
        }
        #expect(throws: InputRejected.self) { try load("evals/broken.jsonl") }
        do { _ = try load("evals/broken.jsonl") } catch { #expect("\(error)".contains("evals/broken.jsonl line 2")) }
        do { _ = try load("evals/fieldless.jsonl") } catch { #expect("\(error)".contains("line 1")) }
        #expect(try load("evals/plain").map(\.name) == ["one"])
        #expect(throws: InputRejected.self) { try load("evals/missing.jsonl") }
    }

    @Test func gramTableKeepsEveryItemOfASharedGram() {
        var table = GramTable(expected: 4)
        let added = [table.insert(42, item: 1), table.insert(42, item: 3), table.insert(42, item: 1), table.insert(0, item: 2)]
        #expect(added == [true, true, false, true], "a repeat is not added; hash 0 is a key like any other")
        var items = [UInt32]()
        table.forEachItem(42) { items.append($0) }
        #expect(items == [1, 3])
        items.removeAll()
        table.forEachItem(0) { items.append($0) }
        #expect(items == [2])
        table.forEachItem(7) { _ in Issue.record("absent key found") }
    }

    @Test func rollingGramsEqualGramsHashedOneByOne() {
        var random = SplitMix64(seed: 3)
        let tokens = (0..<200).map { _ in random.next() % 50 }
        var rolled = [UInt64]()
        RollingGrams.forEach(tokens, n: 13) { rolled.append($0) }
        #expect(rolled.count == 188)
        for start in [0, 17, 187] {
            var single = [UInt64]()
            RollingGrams.forEach(Array(tokens[start..<start + 13]), n: 13) { single.append($0) }
            #expect(single == [rolled[start]])
        }
    }

    /// The stage's precision on real text: the samples the textbooks stage makes from the
    /// bundled C++ books are none of them contaminated.
    @Test func bundledBookSamplesAreClean() throws {
        let index = try ContaminationIndexCache.index(for: Self.stage())
        let books = Self.root.appendingPathComponent("corpora/books/cpp")
        let textbooks = try TextbooksSupport.stage(.cpp)
        let context = TextbooksSupport.context(language: .cpp)
        var scratch = ContaminationIndex.Scratch()
        var checked = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: books.path) where !name.hasSuffix(".md") {
            let output = try? textbooks.process(StageInput(id: name, url: books.appendingPathComponent(name)), context)
            for sample in output?.samples ?? [] {
                checked += 1
                let match = index.check(sample.trainingText, scratch: &scratch)
                #expect(match == nil, "\(name) \(sample.source.locator): \(String(describing: match))")
            }
        }
        #expect(checked > 0)
    }
}
