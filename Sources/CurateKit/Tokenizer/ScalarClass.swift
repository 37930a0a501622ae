/// The character classes the supported pre-tokenizer patterns use, with the members
/// Oniguruma (the regex engine of Hugging Face `tokenizers`) gives them for Unicode text.
///
/// `\p{L}` is general category L*, `\p{N}` is N*, and `\s` is U+0009–U+000D, U+0085 and the
/// categories Zs, Zl, Zp (Oniguruma's definition, which differs from White_Space only in
/// leaving out nothing that matters here). The table is built once from the standard
/// library's Unicode data, so lookups in the hot path are one array load.
struct ScalarClass: OptionSet, Sendable {
    let rawValue: UInt8
    static let letter = ScalarClass(rawValue: 1)
    static let number = ScalarClass(rawValue: 2)
    static let space = ScalarClass(rawValue: 4)
    /// `\r` or `\n`, which some patterns treat apart from other white space.
    static let newline = ScalarClass(rawValue: 8)

    /// Scalars above this limit are unassigned, tags or private use: none is L, N or space.
    static let tableLimit: UInt32 = 0x40000

    /// Class bits of every scalar below `tableLimit`. Built once and never freed; matchers keep
    /// the pointer so the hot path does not pass through the lazy global's initialisation check.
    nonisolated(unsafe) static let table: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: Int(tableLimit))
        table.initialize(repeating: 0, count: Int(tableLimit))
        for value in 0..<tableLimit {
            guard let scalar = Unicode.Scalar(value) else { continue }
            table[Int(value)] = classify(scalar).rawValue
        }
        return UnsafePointer(table)
    }()

    static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        switch scalar.value {
        case 0x0A, 0x0D: return [.space, .newline]
        case 0x09, 0x0B, 0x0C, 0x85: return .space
        default: break
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        case .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return .space
        default:
            return []
        }
    }

    @inline(__always)
    static func of(_ value: UInt32, in table: UnsafePointer<UInt8>) -> ScalarClass {
        value < tableLimit ? ScalarClass(rawValue: table[Int(value)]) : []
    }
}
