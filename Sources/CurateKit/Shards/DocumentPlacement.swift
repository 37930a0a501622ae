/// Where a document goes: its split (by its digest, so a document keeps its split when others
/// are added) and its place in the shuffle (by the seed and its digest).
public enum Split: String, Sendable, Codable, CaseIterable {
    case train, valid, test
}

public enum Phase: Int, Sendable, Codable, CaseIterable {
    case one = 1, two = 2
    public var name: String { "phase\(rawValue)" }
}

enum DocumentPlacement {
    /// 64 bits from a hex digest, mixed with `salt`: stable across runs and machines.
    static func hash(_ id: String, salt: UInt64) -> UInt64 {
        var value: UInt64 = 0xcbf2_9ce4_8422_2325 ^ salt
        for byte in id.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
        // A final avalanche so nearby ids spread over the whole range.
        value ^= value >> 33
        value = value &* 0xff51_afd7_ed55_8ccd
        value ^= value >> 33
        return value
    }

    static func split(of id: String, valid: Double, test: Double) -> Split {
        let unit = Double(hash(id, salt: 0x5eed_5917) >> 11) / Double(1 << 53)
        if unit < test { return .test }
        if unit < test + valid { return .valid }
        return .train
    }

    static func shuffleKey(of id: String, seed: UInt64) -> UInt64 {
        hash(id, salt: seed &* 0x9E37_79B9_7F4A_7C15)
    }
}
