import Foundation

/// A uniform random choice of `capacity` items from a stream of unknown length, holding only
/// the chosen ones (reservoir sampling, algorithm R). Equal seeds and equal streams choose the
/// same: the seeded `SplitMix64` gives the same numbers everywhere, which the system generator does not.
struct SampleReservoir<Element> {
    let capacity: Int
    private(set) var seen = 0
    private var chosen: [(position: Int, element: Element)] = []
    private var generator: SplitMix64

    init(capacity: Int, seed: UInt64) {
        self.capacity = max(0, capacity)
        self.generator = SplitMix64(seed: seed)
    }

    mutating func offer(_ element: Element) {
        defer { seen += 1 }
        if chosen.count < capacity {
            chosen.append((seen, element))
            return
        }
        guard capacity > 0 else { return }
        let slot = Int(generator.next() % UInt64(seen + 1))
        if slot < capacity { chosen[slot] = (seen, element) }
    }

    /// The chosen items in the order the stream gave them.
    var elements: [Element] {
        chosen.sorted { $0.position < $1.position }.map(\.element)
    }
}
