import Dispatch

/// Computes the MinHash signatures of many texts on several threads.
///
/// The texts are cut into one contiguous range per thread and each thread writes only its own
/// rows of the result, so the result is the same whatever the thread count.
public enum SignatureBatch {
    /// `texts.count × hasher.hashCount` values, signature after signature.
    public static func compute(_ texts: [[UInt8]], hasher: MinHasher, threads: Int) -> [UInt64] {
        let width = hasher.hashCount
        let count = texts.count
        guard count > 0 else { return [] }
        let workers = max(1, min(threads, count))
        return [UInt64](unsafeUninitializedCapacity: count * width) { buffer, initialised in
            let base = buffer.baseAddress!
            let share = (count + workers - 1) / workers
            let work = { (worker: Int) in
                var shingles = [UInt64]()
                shingles.reserveCapacity(1024)
                let range = (worker * share)..<min(count, (worker + 1) * share)
                for document in range {
                    let row = UnsafeMutableBufferPointer(start: base + document * width, count: width)
                    texts[document].withUnsafeBufferPointer { text in
                        hasher.signature(text, shingleBuffer: &shingles, into: row)
                    }
                }
            }
            if workers == 1 {
                work(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: workers, execute: work)
            }
            initialised = count * width
        }
    }
}
