import Foundation

/// Replaces machine-specific addresses with stable placeholders (`<addr1>`, `<addr2>`, in order
/// of first appearance), so the same crash gives the same text on any machine and run.
///
/// Values below 0x10000 stay: `0x0`, a small offset or a size carry meaning, and no heap,
/// stack or code address is that low on Linux.
struct AddressPlaceholders {
    static let keepBelow: UInt64 = 0x10000
    private var names: [String: String] = [:]

    mutating func normalise(_ text: String) -> String {
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let rest = text[index...]
            let before = index > text.startIndex ? text[text.index(before: index)] : " "
            if rest.hasPrefix("0x") || rest.hasPrefix("0X"), !(before.isLetter || before.isNumber || before == "_") {
                let digitsStart = text.index(index, offsetBy: 2)
                let digits = text[digitsStart...].prefix { $0.isHexDigit }
                if !digits.isEmpty {
                    let literal = String(text[index..<digitsStart]) + digits
                    let value = UInt64(digits, radix: 16) ?? UInt64.max
                    if value < AddressPlaceholders.keepBelow {
                        result += "0x" + String(value, radix: 16)
                    } else {
                        let key = digits.lowercased().drop { $0 == "0" }
                        let name = names[String(key)] ?? "<addr\(names.count + 1)>"
                        names[String(key)] = name
                        result += name
                    }
                    index = text.index(index, offsetBy: literal.count)
                    continue
                }
            }
            result.append(text[index])
            index = text.index(after: index)
        }
        return result
    }
}
