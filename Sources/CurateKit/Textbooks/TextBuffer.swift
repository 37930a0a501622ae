import Foundation

/// Collects text as UTF-8 bytes while walking a tree, so hot loops build no `String`s.
///
/// `appendCollapsed` folds runs of white space (and no-break spaces) into one space, as a
/// browser renders prose; `appendVerbatim` keeps code exactly.
struct TextBuffer {
    private(set) var bytes: [UInt8] = []
    private var pendingSpace = false

    var isEmpty: Bool { bytes.isEmpty }

    mutating func appendCollapsed(_ text: UnsafePointer<UInt8>) {
        var pointer = text
        while pointer.pointee != 0 {
            let byte = pointer.pointee
            if byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D || byte == 0x0C {
                pendingSpace = true
            } else if byte == 0xC2 && pointer[1] == 0xA0 {
                pendingSpace = true
                pointer += 1
            } else {
                if pendingSpace && !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
                bytes.append(byte)
            }
            pointer += 1
        }
    }

    /// A word break between inline pieces (`<br>`, a list marker).
    mutating func appendSpace() { pendingSpace = true }

    mutating func appendVerbatim(_ text: UnsafePointer<UInt8>) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text, count: strlen(text)))
    }

    mutating func appendByte(_ byte: UInt8) { bytes.append(byte) }

    /// The collected text, and the buffer emptied for the next piece.
    mutating func take() -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        bytes.removeAll(keepingCapacity: true)
        pendingSpace = false
        return text
    }
}
