import Foundation
import Testing
@testable import CurateKit

/// The fixture corpus (texts written for the project) and tokenizers trained on it.
enum TokenizerFixtures {
    static var folder: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("tokenizer")
    }

    static func corpus() throws -> [String] {
        let files = try TrainingCorpus.files([folder.appendingPathComponent("corpus")])
        var documents = [String]()
        try TrainingCorpus.forEachBatch(files) { documents += $0 }
        return documents
    }

    static func train(pattern: PreTokenizerPattern = .cpp, vocabularySize: Int = 800, threads: Int = 1,
                      specials: [String] = SpecialTokens.defaults) throws -> Tokenizer {
        let counter = PieceCounter(pattern: pattern, addedTokens: specials, threads: threads)
        // Several batches, so streaming is exercised too.
        for document in try corpus() { counter.add([document, document.uppercased()]) }
        return try BPETrainer.train(counter, BPETrainingSettings(
            vocabularySize: vocabularySize, minimumFrequency: 2, pattern: pattern, specialTokens: specials))
    }
}

@Suite struct TokenizerPatternTests {
    func pieces(_ pattern: PreTokenizerPattern, _ text: String) -> [String] {
        PieceSplitter(pattern).pieces(text)
    }

    @Test func gpt4SplitsWordsNumbersPunctuationAndSpace() {
        #expect(pieces(.gpt4, "Hello world's 12345!!\n\n  x  ") ==
                ["Hello", " world", "'s", " ", "123", "45", "!!\n\n", " ", " x", "  "])
        #expect(pieces(.gpt4, "a\r\n\r\n  b") == ["a", "\r\n\r\n", " ", " b"])
        #expect(pieces(.gpt4, "I'M it'S") == ["I", "'M", " it", "'S"])
    }

    @Test func gpt2KeepsLongNumbersAndCaseSensitiveContractions() {
        #expect(pieces(.gpt2, "Hello world's 12345!!\n\n  x") == ["Hello", " world", "'s", " 12345", "!!", "\n\n ", " x"])
        #expect(pieces(.gpt2, "IT'S") == ["IT", "'", "S"])
    }

    @Test func cppKeepsOperatorsAndTemplateBracketsAsUnits() {
        #expect(pieces(.cpp, "std::vector<std::unique_ptr<T>> v; p->x <<= a <=> b;") ==
                ["std", "::", "vector", "<", "std", "::", "unique", "_ptr", "<", "T", ">>", " v", ";",
                 " p", "->", "x", " <<=", " a", " <=>", " b", ";"])
    }

    @Test func cmakeAndShellVariants() {
        #expect(pieces(.cmake, "${A}/$<CONFIG:B> $ENV{C}") == ["${", "A", "}", "/$<", "CONFIG", ":B", ">", " $ENV{", "C", "}"])
        #expect(pieces(.shell, "a 2>&1 && $HOME || ${X}") == ["a", " 2>&1", " &&", " $HOME", " ||", " ${", "X", "}"])
    }

    @Test func piecesTileTheText() {
        var generator = SplitMix(seed: 7)
        for _ in 0..<200 {
            let text = String(decoding: generator.bytes(count: Int(generator.next() % 200)), as: UTF8.self)
            for pattern in PreTokenizerPattern.all {
                let split = pieces(pattern, text)
                #expect(split.joined() == text)
                #expect(!split.contains(""))
            }
        }
    }

    @Test func regexStringsAreRecognisedBack() {
        for pattern in PreTokenizerPattern.all {
            #expect(PreTokenizerPattern.recognizing(pattern.regex) == pattern)
        }
        #expect(PreTokenizerPattern.recognizing("\\w+") == nil)
    }
}

@Suite struct TokenizerTests {
    @Test func decodeOfEncodeGivesBackArbitraryBytes() throws {
        let tokenizer = try TokenizerFixtures.train()
        var generator = SplitMix(seed: 42)
        var encoder = tokenizer.makeEncoder()
        for round in 0..<300 {
            var bytes = generator.bytes(count: Int(generator.next() % 400))
            if round % 3 == 0 { bytes += Array(" // QUESTION: <|endoftext|>  ".utf8) + generator.bytes(count: 5) }
            // A tokenizer sees text: invalid UTF-8 becomes U+FFFD first, then round-trips exactly.
            let text = String(decoding: bytes, as: UTF8.self)
            let ids = encoder.encode(text)
            #expect(tokenizer.decode(ids) == Array(text.utf8))
            #expect(tokenizer.encode(bytes: bytes) == ids)
        }
    }

    @Test func longRunsStayExactAndUseTheHeapPath() throws {
        let tokenizer = try TokenizerFixtures.train()
        for text in [String(repeating: "a", count: 5000), String(repeating: " ", count: 3000) + "x",
                     String(repeating: "ab", count: 2000), String(repeating: "\u{1F600}", count: 400)] {
            let ids = tokenizer.encode(text)
            #expect(tokenizer.decodeText(ids) == text)
        }
        // Indentation is frequent in the corpus, so a long run of spaces merges.
        #expect(tokenizer.encode(String(repeating: " ", count: 3000) + "x").count < 1000)
    }

    @Test func heapAndArrayMergingAgree() throws {
        let tokenizer = try TokenizerFixtures.train()
        var encoder = BPEEncoder(model: tokenizer.model)
        var generator = SplitMix(seed: 3)
        let letters = Array("etaoinsr _".utf8)
        for _ in 0..<200 {
            let count = 2 + Int(generator.next() % 300)
            let piece = (0..<count).map { _ in letters[Int(generator.next() % UInt64(letters.count))] }
            var short = [UInt32](), long = [UInt32]()
            piece.withUnsafeBufferPointer { buffer in
                encoder.mergeShort(buffer, into: &short)
                encoder.mergeLong(buffer, into: &long)
            }
            #expect(short == long)
            #expect(tokenizer.decode(long) == piece)
        }
    }

    @Test func specialTokensAreSplitOutWhole() throws {
        let tokenizer = try TokenizerFixtures.train()
        let question = try #require(tokenizer.addedTokens.first { $0.content == "// QUESTION:" })
        let end = try #require(tokenizer.addedTokens.first { $0.content == "<|endoftext|>" })
        let ids = tokenizer.encode("// QUESTION: why?<|endoftext|>")
        #expect(ids.first == question.id)
        #expect(ids.last == end.id)
        #expect(ids.filter { $0 == question.id || $0 == end.id }.count == 2)
    }

    @Test func trainingGivesTheSameFileWithOneOrTwoThreads() throws {
        for pattern in [PreTokenizerPattern.cpp, .gpt4, .shell] {
            let one = TokenizerFile.json(try TokenizerFixtures.train(pattern: pattern, threads: 1))
            let two = TokenizerFile.json(try TokenizerFixtures.train(pattern: pattern, threads: 2))
            #expect(one == two)
        }
    }

    @Test func vocabularySizeIsHonoured() throws {
        let tokenizer = try TokenizerFixtures.train(vocabularySize: 400)
        #expect(tokenizer.model.vocabularySize == 400)
        #expect(tokenizer.model.merges.count == 400 - 256 - SpecialTokens.defaults.count)
        // Merges only ever join tokens that exist before them.
        for (rank, (a, b)) in tokenizer.model.merges.enumerated() {
            #expect(Int(max(a, b)) < 256 + SpecialTokens.defaults.count + rank)
        }
    }

    @Test func writtenFileReadsBackToTheSameTokenizer() throws {
        let tokenizer = try TokenizerFixtures.train(pattern: .cmake)
        let json = TokenizerFile.json(tokenizer)
        let again = try TokenizerFile.parse(Data(json.utf8), file: "memory")
        #expect(TokenizerFile.json(again) == json)
        #expect(again.pattern == .cmake)
        let text = try TokenizerFixtures.corpus().joined()
        #expect(again.encode(text) == tokenizer.encode(text))
    }

    @Test func aVocabularyIdFarBeyondItsSizeIsRefused() throws {
        let json = TokenizerFile.json(try TokenizerFixtures.train(vocabularySize: 300))
        var root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        var model = root["model"] as! [String: Any]
        var vocab = model["vocab"] as! [String: Any]
        vocab["far away"] = 4_000_000_000
        model["vocab"] = vocab
        root["model"] = model
        let error = #expect(throws: TokenizerFile.FormatError.self) {
            try TokenizerFile.parse(try JSONSerialization.data(withJSONObject: root), file: "x.json")
        }
        #expect(error?.description.hasPrefix("x.json: model.vocab: the largest id is 4000000000") == true)
        // A few unused ids (a token removed by hand) are still read.
        vocab["far away"] = vocab.count + 10
        model["vocab"] = vocab
        root["model"] = model
        _ = try TokenizerFile.parse(try JSONSerialization.data(withJSONObject: root), file: "x.json")
    }

    @Test func unsupportedFilesAreRefusedWithTheField() throws {
        let json = TokenizerFile.json(try TokenizerFixtures.train(vocabularySize: 300))
        let changed = json.replacingOccurrences(of: "\"normalizer\": null", with: "\"normalizer\": {\"type\": \"NFC\"}")
        #expect(throws: TokenizerFile.FormatError.self) { try TokenizerFile.parse(Data(changed.utf8), file: "x.json") }
        let regex = json.replacingOccurrences(of: "\"Regex\": \"", with: "\"Regex\": \"\\\\w+|")
        do {
            _ = try TokenizerFile.parse(Data(regex.utf8), file: "x.json")
            Issue.record("an unknown regex was accepted")
        } catch let error as TokenizerFile.FormatError {
            #expect(error.description.hasPrefix("x.json: pre_tokenizer.pretokenizers[0].pattern.Regex"))
        }
    }

    @Test func addedTokenIdsMustAgreeWithTheVocabulary() throws {
        let json = TokenizerFile.json(try TokenizerFixtures.train(vocabularySize: 300))
        func changed(_ edit: (inout [String: Any]) -> Void) throws -> Data {
            var root = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
            var added = root["added_tokens"] as! [[String: Any]]
            edit(&added[0])
            root["added_tokens"] = added
            return try JSONSerialization.data(withJSONObject: root)
        }
        let vocab = (try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any])["model"] as! [String: Any]
        #expect((vocab["vocab"] as! [String: Any])[SpecialTokens.defaults[0]] != nil, "the fixture lists added tokens in the vocabulary")
        let moved = try changed { $0["id"] = 999_999 }
        let error = #expect(throws: TokenizerFile.FormatError.self) { try TokenizerFile.parse(moved, file: "x.json") }
        #expect(error?.description.hasPrefix("x.json: added_tokens[0].id") == true)
        // An id that belongs to another token of the vocabulary is refused too.
        let stolen = try changed { $0["content"] = "<|not in the vocabulary|>"; $0["id"] = 300 - 1 }
        #expect(throws: TokenizerFile.FormatError.self) { try TokenizerFile.parse(stolen, file: "x.json") }
        // Ids that do not fit a token id were read wrapped (-1 as 4294967295, 2^32 as 0) and
        // fractions truncated; each is refused, naming the field.
        for bad: Any in [-1, 4_294_967_296, 4_294_967_295, 300.5, 50_000_000] {
            let wrapped = try changed { $0["content"] = "<|not in the vocabulary|>"; $0["id"] = bad }
            let error = #expect(throws: TokenizerFile.FormatError.self, "id \(bad)") { try TokenizerFile.parse(wrapped, file: "x.json") }
            #expect(error?.description.hasPrefix("x.json: added_tokens[0].id") == true, "id \(bad): \(String(describing: error))")
        }
        // The next free id is a valid place for a token outside the vocabulary.
        let appended = try changed { $0["content"] = "<|not in the vocabulary|>"; $0["id"] = 300 }
        #expect(try TokenizerFile.parse(appended, file: "x.json").addedTokens.contains { $0.id == 300 })
    }
}

@Suite struct TokenizerImportTests {
    struct Expected: Decodable {
        var text: String
        var ids: [UInt32]
    }

    func check(_ file: String, _ key: String) throws {
        let folder = TokenizerFixtures.folder
        let tokenizer = try TokenizerFile.read(folder.appendingPathComponent(file))
        let expected = try JSONDecoder().decode([String: [Expected]].self,
                                                from: Data(contentsOf: folder.appendingPathComponent("import-expected.json")))
        let probes = try #require(expected[key])
        #expect(probes.count > 30)
        var encoder = tokenizer.makeEncoder()
        for probe in probes {
            #expect(encoder.encode(probe.text) == probe.ids, "\(probe.text.debugDescription)")
            #expect(tokenizer.decodeText(probe.ids) == probe.text)
        }
    }

    @Test func gpt2StyleFileGivesTheIdsOfHuggingFace() throws {
        try check("gpt2-style.tokenizer.json", "gpt2")
    }

    @Test func llama3StyleFileGivesTheIdsOfHuggingFace() throws {
        let tokenizer = try TokenizerFile.read(TokenizerFixtures.folder.appendingPathComponent("llama3-style.tokenizer.json"))
        #expect(tokenizer.model.ignoreMerges)
        try check("llama3-style.tokenizer.json", "llama3")
    }
}

@Suite struct TokenizerStageTests {
    let project = TemporaryFolder()

    @Test func trainsOnUpstreamSamplesAndHoldsSomeOut() throws {
        let domain = DomainSettings(name: "cpp", language: .cpp, root: project.url)
        let out = project.url.appendingPathComponent("out")
        let parts = out.appendingPathComponent("cpp/dedup")
        try FileManager.default.createDirectory(at: parts, withIntermediateDirectories: true)
        let writer = try ZstdJSONLWriter(url: parts.appendingPathComponent(PartFiles.name(0)))
        let documents = try TokenizerFixtures.corpus()
        var ids = [String]()
        for index in 0..<200 {
            let text = documents[index % documents.count]
            let sample = Sample(domain: "cpp", kind: .qa, prompt: "// QUESTION: case \(index)?", completion: text,
                                source: SampleSource(uri: "fixture", locator: "\(index)"))
            ids.append(sample.id)
            try writer.write(sample)
        }
        try writer.close()

        let stage = try TokenizerStage(section: .empty(path: "tokenizer"), domain: domain)
        let summary = try runStageForTests(stage, domain: domain, outputRoot: out)
        // One part: a counts task, two merge tasks, the train task.
        #expect(summary.tasks == 4 && summary.samples == 0)

        let folder = out.appendingPathComponent("cpp/tokenizer")
        let tokenizer = try TokenizerFile.read(folder.appendingPathComponent("tokenizer.json"))
        #expect(tokenizer.pattern == .cpp)
        #expect(tokenizer.addedTokens.map(\.content) == SpecialTokens.defaults)
        let report = try JSONCoding.readDocument(TrainingReport.self, from: folder.appendingPathComponent("training.json"))
        let heldOut = ids.filter { TokenizerStage.isHeldOut($0, perMille: 50) }.count
        #expect(report.heldOutSamples == heldOut)
        #expect(report.trainingSamples == 200 - heldOut)
        #expect(heldOut > 0 && heldOut < 30)
        #expect(report.heldOutBytesPerToken > 1.5)

        // The runner keeps the stage's files: unchanged, they are reused; deleting one rebuilds
        // exactly the task that wrote it, to the same bytes.
        let files = ["tokenizer.json", "training.json"].map { folder.appendingPathComponent($0) }
        let before = try files.map { try Data(contentsOf: $0) }
        #expect(try runStageForTests(stage, domain: domain, outputRoot: out).reusedTasks == 4)
        try FileManager.default.removeItem(at: files[0])
        #expect(try runStageForTests(stage, domain: domain, outputRoot: out).reusedTasks == 3)
        #expect(try files.map { try Data(contentsOf: $0) } == before)
    }

    @Test func shardWriterReadsTheTrainedFile() throws {
        let tokenizer = try TokenizerFixtures.train()
        let file = try project.write(TokenizerFile.json(tokenizer), to: "tokenizer.json")
        let loaded = try DomainShardTokenizer.load(file)
        #expect(loaded.endOfDocumentID == tokenizer.addedTokens.first { $0.content == "<|endoftext|>" }?.id)
        #expect(loaded.vocabularySize == tokenizer.model.vocabularySize)
        #expect(try loaded.digest == Digest.sha256Hex(fileAt: file))
        let text = "int main() { return 0; } // QUESTION: ok?"
        #expect(loaded.decode(loaded.encode(text)) == text)
    }

    @Test func unknownPatternNamesTheKey() throws {
        let file = try project.write("domain = \"cpp\"\nlanguage = \"cpp\"\n[tokenizer]\npattern = \"perl\"\n", to: "pipelines/cpp.toml")
        let error = #expect(throws: ConfigError.self) { try PipelineConfig.load(file, root: project.url) }
        let text = error.map { "\($0)" } ?? ""
        #expect(text.contains("tokenizer.pattern") && text.contains("perl") && text.contains("cpp.toml"), "\(text)")
    }
}

/// The Hugging Face `tokenizers` check of `Tests/python`: a hard requirement, since CI installs
/// Python and `tokenizers` (Tests/requirements.txt).
@Suite struct TokenizerCompatibilityTests {
    @Test func huggingFaceGivesTheSameIdsAndText() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             CurateBinary.repository.appendingPathComponent("Tests/python/test_tokenizer_compat.py").path]
        var environment = ProcessInfo.processInfo.environment
        environment["CURATE"] = CurateBinary.url.path
        process.environment = environment
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
    }
}

/// A small deterministic generator for property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }

    /// Random bytes, biased towards ASCII text, multi-byte UTF-8 and stray continuation bytes.
    mutating func bytes(count: Int) -> [UInt8] {
        var result = [UInt8]()
        let alphabet = Array("ab xyz'\t\n\r:<>{}$&|0129".utf8) + Array("é€😀\u{301}\u{a0}".utf8)
        for _ in 0..<count {
            let r = next()
            result.append(r % 4 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : alphabet[Int(r >> 8) % alphabet.count])
        }
        return result
    }
}
