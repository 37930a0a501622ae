/// The digest that decides exact duplicates: SHA-256 of the sample's kind, prompt and
/// completion after normalising away what does not change the content.
///
/// Comment markers (`//`, `/*`, `*/`, `#[[`, `]]`, `#`) become spaces and every run of
/// whitespace becomes one space, trimmed at both ends; so a sample re-wrapped, re-indented or
/// written with the other comment syntax is the same sample.
///
/// With `promptOnly` the completion is left out: two samples that ask the same thing and answer
/// differently teach a model two answers to one prompt, so they are a group like copies.
enum ExactKey {
    static func digest(_ sample: Sample, promptOnly: Bool = false) -> String {
        var normal = [UInt8]()
        normal.reserveCapacity(sample.prompt.utf8.count + sample.completion.utf8.count + 16)
        normal.append(contentsOf: sample.kind.rawValue.utf8)
        normal.append(0)
        append(normalised: Array(sample.prompt.utf8), to: &normal)
        if !promptOnly {
            normal.append(0)
            append(normalised: Array(sample.completion.utf8), to: &normal)
        }
        return Digest.sha256Hex(normal)
    }

    static func normalised(_ text: String) -> String {
        var normal = [UInt8]()
        append(normalised: Array(text.utf8), to: &normal)
        return String(decoding: normal, as: UTF8.self)
    }

    private static func append(normalised bytes: [UInt8], to out: inout [UInt8]) {
        let slash = UInt8(ascii: "/"), star = UInt8(ascii: "*"), hash = UInt8(ascii: "#")
        let open = UInt8(ascii: "["), close = UInt8(ascii: "]")
        var pendingSpace = false
        var wroteAny = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
            var markerLength = 0
            if byte == slash && (next == slash || next == star) { markerLength = 2 }
            else if byte == star && next == slash { markerLength = 2 }
            else if byte == close && next == close { markerLength = 2 }
            else if byte == hash {
                markerLength = (next == open && index + 2 < bytes.count && bytes[index + 2] == open) ? 3 : 1
            }
            if markerLength > 0 || byte.isASCIIWhitespace {
                pendingSpace = true
                index += max(1, markerLength)
                continue
            }
            if pendingSpace && wroteAny { out.append(0x20) }
            pendingSpace = false
            out.append(byte)
            wroteAny = true
            index += 1
        }
    }
}
