/// Which share of a stage's parts one process runs: `i/n` runs parts `p` with `p % n == i`,
/// so `n` processes (cores, machines, tasks of a Slurm array) cover every part exactly once.
public struct Partition: Sendable, Hashable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let all = Partition(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `i/n` with `0 <= i < n`.
    public init?(_ text: String) {
        let fields = text.split(separator: "/")
        guard fields.count == 2, let index = Int(fields[0]), let count = Int(fields[1]),
              count > 0, (0..<count).contains(index) else { return nil }
        self.init(index: index, count: count)
    }

    public func owns(part: Int) -> Bool { part % count == index }

    public var description: String { "\(index)/\(count)" }
}
