import Foundation

/// Which standard headers to precompile for the bare round of `CxxBatchChecker`, and which
/// precompiled header each batch starts with.
///
/// A batch of the bare round sees exactly the files its snippets' headers open (its closure);
/// most of its cost is the compiler reading them. A precompiled header made of a set of
/// headers whose files all lie in a batch's closure may go first in that batch: the batch's
/// own `#include` lines then open only the rest, and it still sees exactly its closure. Loading
/// a precompiled header costs a fraction of reading its headers, building one a few times
/// more, so a set is worth building only when enough batches share it. The candidates are
/// each batch's own header set and each single header; a greedy pass picks, again and again,
/// the candidate that saves the most reading over all batches once its build is paid, until
/// none saves anything. Costs are counted in bytes of header text, which is what the
/// compiler reads.
struct PrecompiledBasePlan {
    /// For each batch, the headers of the precompiled header it starts with (nil: none).
    var bases: [[String]?]

    /// Loading a precompiled header costs about this share of reading its headers (measured
    /// with g++ 12: 0.13 s against 1.0 s for the prelude's 22 headers).
    static let loadShare = 0.15
    /// Building one costs about this many times reading its headers (2.9 s against 1.0 s).
    static let buildFactor = 3.0

    /// `batches` holds each batch's headers (sorted, distinct); `closure` gives the files a
    /// header set opens (nil when one cannot be found: that batch gets no base), `size` the
    /// bytes of a file.
    init(batches: [[String]], closure: ([String]) throws -> Set<String>?, size: (String) -> Int) rethrows {
        var candidates = Array(Set(batches + batches.flatMap { $0.map { [$0] } })).sorted { $0.lexicographicallyPrecedes($1) }
        var closures = [Set<String>?]()
        for candidate in candidates { closures.append(try closure(candidate)) }
        let known = candidates.indices.filter { closures[$0] != nil && !candidates[$0].isEmpty }
        candidates = known.map { candidates[$0] }
        let candidateFiles = known.map { closures[$0]! }
        let batchFiles = try batches.map { try closure($0) }

        func bytes(_ files: Set<String>) -> Double { Double(files.reduce(0) { $0 + size($1) }) }
        let candidateBytes = candidateFiles.map(bytes)
        // uses[c] lists the batches whose closure holds every file of candidate c.
        let uses = candidateFiles.map { files in
            batches.indices.filter { batchFiles[$0].map(files.isSubset(of:)) ?? false }
        }
        let batchBytes = batchFiles.map { $0.map(bytes) ?? 0 }
        var cost = batchBytes
        var chosen = [Int?](repeating: nil, count: batches.count)
        var built = Set<Int>()
        while true {
            var best: (candidate: Int, saving: Double)?
            for candidate in candidates.indices where !built.contains(candidate) && uses[candidate].count >= 2 {
                let base = candidateBytes[candidate]
                var saving = -Self.buildFactor * base
                for batch in uses[candidate] {
                    saving += max(0, cost[batch] - (Self.loadShare * base + batchBytes[batch] - base))
                }
                if saving > best?.saving ?? 0 { best = (candidate, saving) }
            }
            guard let best else { break }
            built.insert(best.candidate)
            let base = candidateBytes[best.candidate]
            for batch in uses[best.candidate] {
                let withBase = Self.loadShare * base + batchBytes[batch] - base
                if withBase < cost[batch] {
                    cost[batch] = withBase
                    chosen[batch] = best.candidate
                }
            }
        }
        bases = chosen.map { $0.map { candidates[$0] } }
    }
}
