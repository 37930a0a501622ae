import Foundation
import Testing
@testable import CurateKit

/// Tokenizers, texts and converters the converter tests share.
enum ConverterFixtures {
    /// Documents both tokenizers are trained and aligned on: the fixture corpus.
    static func corpus() throws -> [String] { try TokenizerFixtures.corpus() }

    /// Text written for the project that no fixture tokenizer was trained on: the bundled books
    /// (markup, read as plain text) and the trace case sources.
    static func heldOutTexts() throws -> [String] {
        let root = CurateBinary.repository.appendingPathComponent("corpora")
        var texts = [String]()
        for folder in ["books/cmake", "books/cpp", "books/shell", "traces"] {
            for file in try TrainingCorpus.files([root.appendingPathComponent(folder)]) where !file.path.hasSuffix(".epub") {
                texts.append(String(decoding: try Data(contentsOf: file), as: UTF8.self))
            }
        }
        return texts
    }

    /// Text made to trip a converter: invalid UTF-8 (repaired when decoded), long runs of
    /// white space, CRLF, emoji and combining marks, special tokens glued to text, a zip file.
    static func adversarialTexts() throws -> [String] {
        var texts = [
            String(repeating: " ", count: 300) + "x" + String(repeating: "\t \n", count: 50) + "  \r\n\r\n  y  ",
            "int main() {\r\n    return 0;\r\n}\r\n",
            "😀😀 👩‍👩‍👧 e\u{301}\u{301} ｆｕｌｌ 漢字かな 123456789 '' 's 'LL",
            "<|endoftext|><|endoftext|>// QUESTION:x/* ANSWER:\n*/<|endoftext|",
            "${A}/$<CONFIG:B> $ENV{C} 2>&1 && $HOME || ${X} std::vector<int>> a; p->x <<= b <=> c;",
            "", "\n", " ", "\u{a0}\u{a0}x", "a'sb", "__AGENT_QUERY____AGENT_QUERY__",
        ]
        var generator = SplitMix(seed: 42)
        for _ in 0..<200 { texts.append(String(decoding: generator.bytes(count: Int(generator.next() % 300)), as: UTF8.self)) }
        let epub = CurateBinary.repository.appendingPathComponent("corpora/books/cpp/cpp-algorithms.epub")
        texts.append(String(decoding: try Data(contentsOf: epub).prefix(20_000), as: UTF8.self))
        return texts
    }

    static func side(_ domain: String, _ tokenizer: Tokenizer) -> ConverterTraining.Side {
        ConverterTraining.Side(domain: domain, tokenizer: tokenizer, sha256: Digest.sha256Hex(TokenizerFile.json(tokenizer)))
    }

    static func fixtureTokenizer(_ name: String) throws -> Tokenizer {
        try TokenizerFile.read(TokenizerFixtures.folder.appendingPathComponent("\(name).tokenizer.json"))
    }

    /// Pairs of differently trained tokenizers with different patterns, vocabularies and
    /// special tokens, including third-party-shaped files and one that adds a prefix space.
    static func pairs() throws -> [(String, Tokenizer, Tokenizer)] {
        let cpp = try TokenizerFixtures.train(pattern: .cpp, vocabularySize: 900)
        let shell = try TokenizerFixtures.train(pattern: .shell, vocabularySize: 600)
        let gpt2 = try TokenizerFixtures.train(pattern: .gpt2, vocabularySize: 700, specials: ["<|endoftext|>"])
        let llama = try fixtureTokenizer("llama3-style")
        let gpt2File = try fixtureTokenizer("gpt2-style")
        let prefixed = Tokenizer(model: shell.model, pattern: shell.pattern, addedTokens: shell.addedTokens, addPrefixSpace: true)
        return [("cpp→shell", cpp, shell), ("shell→cpp", shell, cpp), ("cpp→gpt2", cpp, gpt2), ("gpt2→cpp", gpt2, cpp),
                ("llama3-style→cpp", llama, cpp), ("cpp→gpt2-style", cpp, gpt2File), ("cpp→prefixed shell", cpp, prefixed)]
    }

    static func train(_ a: Tokenizer, _ b: Tokenizer) throws -> SpaceConverter {
        try ConverterTraining.train(from: side("a", a), to: side("b", b), documents: try corpus(), threads: 2)
    }

    /// The ids a converter must give: B's encoding of A's decoded text.
    static func expected(_ ids: [UInt32], _ a: Tokenizer, _ b: Tokenizer) -> [UInt32] {
        b.encode(a.decodeText(ids))
    }
}

@Suite struct ConverterExactnessTests {
    @Test func realAndAdversarialTextConvertsExactlyForEveryPair() throws {
        let texts = try ConverterFixtures.heldOutTexts() + ConverterFixtures.adversarialTexts() + ConverterFixtures.corpus()
        for (name, a, b) in try ConverterFixtures.pairs() {
            var stream = TokenStreamConverter(source: a, target: b, converter: try ConverterFixtures.train(a, b))
            for (index, text) in texts.enumerated() {
                let ids = a.encode(text)
                let converted = stream.convert(ids)
                #expect(converted == ConverterFixtures.expected(ids, a, b), "\(name): text \(index)")
                #expect(converted == b.encode(text), "\(name): text \(index) against B's own encoding")
            }
            // The table must carry weight even with these small vocabularies (a piece is often
            // several A tokens), or conversion is only re-encoding.
            if !b.addPrefixSpace { #expect(stream.statistics.tableShare > 0.1, "\(name): \(stream.statistics)") }
        }
    }

    /// Streams no tokenizer would produce: random known ids, single bytes that split characters,
    /// special tokens anywhere. Exactness must hold for every input, not only canonical ones.
    @Test func randomIdStreamsConvertExactly() throws {
        var generator = SplitMix(seed: 2024)
        for (name, a, b) in try ConverterFixtures.pairs() {
            var stream = TokenStreamConverter(source: a, target: b, converter: try ConverterFixtures.train(a, b))
            let known = (0..<a.model.tokens.count + a.addedTokens.count + 8).map(UInt32.init).filter { a.isKnown($0) }
            let bytesOnly = a.model.byteIDs.filter { $0 != .max }
            for round in 0..<1500 {
                let length = Int(generator.next() % 40)
                let ids: [UInt32] = (0..<length).map { _ in
                    let r = generator.next()
                    return r % 3 == 0 ? bytesOnly[Int(r >> 8) % bytesOnly.count] : known[Int(r >> 8) % known.count]
                }
                let converted = stream.convert(ids)
                #expect(converted == ConverterFixtures.expected(ids, a, b), "\(name): round \(round) ids \(ids)")
                if converted != ConverterFixtures.expected(ids, a, b) { break }
            }
            #expect(stream.statistics.repairedStreams > 0, "\(name): some random streams must split a character")
        }
    }

    @Test func decompositionsAreBsOwnEncodingOfEachToken() throws {
        let a = try TokenizerFixtures.train(pattern: .cpp, vocabularySize: 900)
        let b = try TokenizerFixtures.train(pattern: .shell, vocabularySize: 600)
        let converter = try ConverterFixtures.train(a, b)
        var exact = 0
        for id in 0..<converter.from.size {
            guard let ids = converter.decomposition(UInt32(id)) else { continue }
            exact += 1
            if a.addedTokens.contains(where: { $0.id == UInt32(id) }) { continue }
            #expect(ids == b.encode(a.decodeText([UInt32(id)])), "token \(id)")
        }
        #expect(exact > converter.from.size / 2)
        // Rows sum to one wherever the token was seen or has a decomposition.
        for id in 0..<converter.from.size where !converter.row(UInt32(id)).isEmpty {
            let sum = converter.row(UInt32(id)).reduce(Float(0)) { $0 + $1.weight }
            #expect(abs(sum - 1) < 1e-4, "row \(id) sums to \(sum)")
        }
    }

    @Test func alignmentCountsSharedBytes() {
        // "abcdef" as A = [abc][def], B = [ab][cde][f]: overlaps abc/ab 2, abc/cde 1, def/cde 2, def/f 1.
        var pairs = [String]()
        ConverterTraining.align([0, 1], [3, 3], [0, 1, 2], [2, 3, 1]) { x, y, shared in pairs.append("\(x)/\(y):\(shared)") }
        #expect(pairs == ["0/0:2", "0/1:1", "1/1:2", "1/2:1"])
    }
}
