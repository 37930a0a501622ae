import Foundation
import GRDB

/// Where the catalog says samples are kept, for reading only the parts that hold them.
extension Catalog {
    public struct SampleLocation: Hashable, Sendable {
        public var domain: String
        public var stage: String
        public var step: String
        public var part: Int
    }

    /// The parts holding samples whose id starts with `prefix`, in domain, stage and part order.
    public func sampleLocations(idPrefix prefix: String) throws -> [SampleLocation] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT DISTINCT domain, stage, step, part FROM samples WHERE id LIKE ? ESCAPE '\\'
                ORDER BY domain, stage, step, part
                """, arguments: [Self.likePrefix(prefix)]).map {
                    SampleLocation(domain: $0["domain"], stage: $0["stage"], step: $0["step"], part: $0["part"])
                }
        }
    }

    /// Why the quality stage gave a sample its band: one note per failed check, or "all checks
    /// passed".
    public func qualityReasons(sampleID: String) throws -> [String] {
        try read { db in
            // Equal samples (the same bug seen by two compilers) share an id: each reason once.
            try String.fetchAll(db, sql: """
                SELECT value FROM sample_notes WHERE sample_id = ? AND key = 'reason' GROUP BY value ORDER BY MIN(rowid)
                """, arguments: [sampleID])
        }
    }

    /// `prefix` as a LIKE pattern matching it literally at the start.
    static func likePrefix(_ prefix: String) -> String {
        var pattern = ""
        for character in prefix {
            if character == "%" || character == "_" || character == "\\" { pattern.append("\\") }
            pattern.append(character)
        }
        return pattern + "%"
    }
}
