/// The element types of a Megatron indexed dataset, with the codes its `.idx` header uses.
public enum TokenDType: UInt8, Sendable, Codable, CaseIterable {
    case uint8 = 1, int8 = 2, int16 = 3, int32 = 4, int64 = 5, float64 = 6, float32 = 7, uint16 = 8

    /// Bytes per token in the `.bin` file.
    public var size: Int {
        switch self {
        case .uint8, .int8: return 1
        case .int16, .uint16: return 2
        case .int32, .float32: return 4
        case .int64, .float64: return 8
        }
    }

    /// The type megatron-core picks for a vocabulary: uint16 below 65,500 tokens, else int32.
    public static func forVocabulary(size: Int) -> TokenDType {
        size < 65_500 ? .uint16 : .int32
    }

    public var name: String { String(describing: self) }
}
