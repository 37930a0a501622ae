/// Splits valid UTF-8 into pre-tokenizer pieces exactly as a `PreTokenizerPattern`'s regex
/// does when Oniguruma finds its matches one after another.
///
/// Each supported regex always matches at the position where the previous match ended and
/// never matches empty, so pieces tile the text. The alternatives are tried in the regex's
/// order; the comments name the alternative each branch implements.
struct PieceSplitter: @unchecked Sendable {
    let pattern: PreTokenizerPattern
    private let gpt4: Bool
    private let operators: [PreTokenizerPattern.Operator]
    /// `ScalarClass.table`, read-only and never freed.
    private let classes: UnsafePointer<UInt8>

    init(_ pattern: PreTokenizerPattern) {
        self.pattern = pattern
        self.gpt4 = pattern.base == .gpt4
        self.operators = pattern.operators
        self.classes = ScalarClass.table
    }

    /// Calls `body` with the byte range of each piece of `text[range]`, in order.
    @inline(__always)
    func split(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = range.lowerBound
        let end = range.upperBound
        while start < end {
            let stop = matchEnd(text, start, end)
            body(start..<stop)
            start = stop
        }
    }

    /// The pieces of a string, for tests and tools.
    func pieces(_ text: String) -> [String] {
        var bytes = Array(text.utf8)
        var result = [String]()
        bytes.withUnsafeMutableBufferPointer { buffer in
            let view = UnsafeBufferPointer(buffer)
            split(view, 0..<view.count) { result.append(String(decoding: view[$0], as: UTF8.self)) }
        }
        return result
    }

    // MARK: - Scanning helpers

    /// The scalar at `i` of valid UTF-8 and its length in bytes.
    @inline(__always)
    private func scalar(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b0 = UInt32(t[i])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 { return ((b0 & 0x1F) << 6 | UInt32(t[i + 1] & 0x3F), 2) }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(t[i + 1] & 0x3F) << 6 | UInt32(t[i + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(t[i + 1] & 0x3F) << 12 | UInt32(t[i + 2] & 0x3F) << 6
                | UInt32(t[i + 3] & 0x3F), 4)
    }

    @inline(__always)
    private func classAt(_ t: UnsafeBufferPointer<UInt8>, _ i: Int) -> (ScalarClass, Int) {
        let b0 = t[i]
        if b0 < 0x80 { return (ScalarClass(rawValue: classes[Int(b0)]), 1) }
        let (value, length) = scalar(t, i)
        return (ScalarClass.of(value, in: classes), length)
    }

    /// End of the run of scalars whose class satisfies `accept`, starting at `i`.
    @inline(__always)
    private func run(_ t: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, _ accept: (ScalarClass) -> Bool) -> Int {
        var i = i
        while i < end {
            let (cls, length) = classAt(t, i)
            if !accept(cls) { break }
            i += length
        }
        return i
    }

    @inline(__always)
    private func isOther(_ cls: ScalarClass) -> Bool { cls.isDisjoint(with: [.letter, .number, .space]) }

    // MARK: - Matching

    private func matchEnd(_ t: UnsafeBufferPointer<UInt8>, _ p: Int, _ end: Int) -> Int {
        //  ?(?:op1|op2|…)
        if !operators.isEmpty {
            let q = t[p] == 0x20 ? p + 1 : p
            if q < end, let stop = matchOperator(t, q, end) { return stop }
        }
        // 's|'t|'re|'ve|'m|'ll|'d, case-insensitive in the GPT-4 base
        if t[p] == 0x27, let stop = matchContraction(t, p + 1, end) { return stop }

        let (c0, l0) = classAt(t, p)
        if gpt4 {
            // [^\r\n\p{L}\p{N}]?\p{L}+
            if c0.contains(.letter) { return run(t, p + l0, end) { $0.contains(.letter) } }
            if !c0.contains(.newline), !c0.contains(.number), p + l0 < end,
               classAt(t, p + l0).0.contains(.letter) {
                return run(t, p + l0, end) { $0.contains(.letter) }
            }
            // \p{N}{1,3}
            if c0.contains(.number) {
                var i = p + l0
                for _ in 0..<2 where i < end {
                    let (cls, length) = classAt(t, i)
                    guard cls.contains(.number) else { break }
                    i += length
                }
                return i
            }
        } else {
            //  ?\p{L}+ and  ?\p{N}+
            let q = t[p] == 0x20 ? p + 1 : p
            if q < end {
                let cls = q == p ? c0 : classAt(t, q).0
                if cls.contains(.letter) { return run(t, q, end) { $0.contains(.letter) } }
                if cls.contains(.number) { return run(t, q, end) { $0.contains(.number) } }
            }
        }
        //  ?[^\s\p{L}\p{N}]+ then [\r\n]* in the GPT-4 base
        let q = t[p] == 0x20 ? p + 1 : p
        if q < end, isOther(q == p ? c0 : classAt(t, q).0) {
            var stop = run(t, q, end) { isOther($0) }
            if gpt4 {
                while stop < end, t[stop] == 0x0A || t[stop] == 0x0D { stop += 1 }
            }
            return stop
        }
        // What is left starts with white space.
        var i = p
        var lastStart = p
        var lastNewlineEnd = -1
        while i < end {
            let (cls, length) = classAt(t, i)
            guard cls.contains(.space) else { break }
            if cls.contains(.newline) { lastNewlineEnd = i + 1 }
            lastStart = i
            i += length
        }
        // \s*[\r\n]+ : up to the last line break of the run
        if gpt4, lastNewlineEnd > 0 { return lastNewlineEnd }
        // \s+(?!\S) : the run but its last scalar, unless the run ends the text
        if i < end, lastStart > p { return lastStart }
        // \s+
        return max(i, p + l0)
    }

    private func matchOperator(_ t: UnsafeBufferPointer<UInt8>, _ q: Int, _ end: Int) -> Int? {
        for op in operators {
            switch op {
            case .literal(let bytes):
                guard q + bytes.count <= end else { continue }
                var equal = true
                for k in 0..<bytes.count where t[q + k] != bytes[k] { equal = false; break }
                if equal { return q + bytes.count }
            case .shellVariable:
                guard t[q] == 0x24, q + 1 < end, Self.isIdentifierHead(t[q + 1]) else { continue }
                var i = q + 2
                while i < end, Self.isIdentifierHead(t[i]) || (0x30...0x39).contains(t[i]) { i += 1 }
                return i
            }
        }
        return nil
    }

    private static func isIdentifierHead(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x5F
    }

    /// After an apostrophe at `i - 1`: the end of `s`, `t`, `re`, `ve`, `m`, `ll` or `d`.
    private func matchContraction(_ t: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int? {
        guard i < end else { return nil }
        @inline(__always) func fold(_ k: Int) -> (UInt8, Int) {
            guard k < end else { return (0, 1) }
            let b = t[k]
            if gpt4 {
                if b >= 0x41 && b <= 0x5A { return (b | 0x20, 1) }
                // U+017F LATIN SMALL LETTER LONG S folds to s under Unicode case folding.
                if b == 0xC5, k + 1 < end, t[k + 1] == 0xBF { return (0x73, 2) }
            }
            return (b, 1)
        }
        let (first, n1) = fold(i)
        switch first {
        case 0x73, 0x74, 0x6D, 0x64: return i + n1  // s t m d
        case 0x72, 0x76, 0x6C:  // r v l
            let (second, n2) = fold(i + n1)
            let want: UInt8 = first == 0x6C ? 0x6C : 0x65
            return second == want ? i + n1 + n2 : nil
        default: return nil
        }
    }
}
