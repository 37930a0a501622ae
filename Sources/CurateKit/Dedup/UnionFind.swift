/// Disjoint sets over `0..<count` whose representative is always the smallest member, so the
/// sets (and their names) do not depend on the order in which unions happen.
package struct UnionFind: Sendable {
    private var parent: [Int32]

    package init(count: Int) {
        parent = (0..<count).map { Int32($0) }
    }

    package mutating func find(_ element: Int) -> Int {
        var root = Int(parent[element])
        while root != Int(parent[root]) { root = Int(parent[root]) }
        // Path compression: point everything on the way straight at the root.
        var node = element
        while Int(parent[node]) != root {
            let next = Int(parent[node])
            parent[node] = Int32(root)
            node = next
        }
        return root
    }

    /// Joins the sets of `a` and `b`; returns false when they were already one.
    @discardableResult
    package mutating func union(_ a: Int, _ b: Int) -> Bool {
        let rootA = find(a), rootB = find(b)
        guard rootA != rootB else { return false }
        if rootA < rootB { parent[rootB] = Int32(rootA) } else { parent[rootA] = Int32(rootB) }
        return true
    }
}
