import Foundation

/// An IPv4 or IPv6 network written as `address/prefix` (`192.0.2.0/24`, `2001:db8::/32`), for
/// the addresses redaction leaves in place.
struct AddressRange: Sendable, Hashable {
    let bytes: [UInt8]
    let prefix: Int

    init?(_ text: String) {
        let pieces = text.split(separator: "/", omittingEmptySubsequences: false)
        guard let address = pieces.first, let bytes = Self.bytes(of: String(address)) else { return nil }
        let bits = bytes.count * 8
        if pieces.count == 1 {
            prefix = bits
        } else if pieces.count == 2, let value = Int(pieces[1]), (0...bits).contains(value) {
            prefix = value
        } else {
            return nil
        }
        self.bytes = bytes
    }

    func contains(_ address: [UInt8]) -> Bool {
        guard address.count == bytes.count else { return false }
        var remaining = prefix
        for index in 0..<bytes.count where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if address[index] & mask != bytes[index] & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// The 4 or 16 bytes of a textual address, or nil when it is not one.
    static func bytes(of text: String) -> [UInt8]? {
        var v4 = in_addr()
        if text.contains("."), !text.contains(":"), inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        if text.contains(":"), inet_pton(AF_INET6, text, &v6) == 1 {
            return withUnsafeBytes(of: &v6) { Array($0) }
        }
        return nil
    }
}
