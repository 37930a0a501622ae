import Foundation

/// The reduce step of sharding: task `r` of `tasks` merges range `r` of every part, each
/// already in shard order, into one file in shard order. It holds one document per part.
struct ShuffleMergeStep: Step {
    let stage: ShardsStage
    var name: String { "shuffle" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = try stage.upstreamInputs(context).parts.count
        return (0..<stage.settings.tasks).map { range in
            StepTask(index: range, inputs: ShardFiles.inputs(parts, context) { ShardFiles.tokens(range: range, part: $0) })
        }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let readers = try task.inputs.map { try ShardDocumentFile.Reader(url: $0.url) }
        // A heap of each part's next document; ties (the same key and id) go to the earlier part.
        var heap = [(document: ShardDocument, part: Int)]()
        func before(_ a: (document: ShardDocument, part: Int), _ b: (document: ShardDocument, part: Int)) -> Bool {
            ShardDocument.before(a.document, b.document) || (!ShardDocument.before(b.document, a.document) && a.part < b.part)
        }
        func siftUp(_ start: Int) {
            var i = start
            while i > 0, before(heap[i], heap[(i - 1) / 2]) { heap.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
        }
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var best = i
                if l < heap.count, before(heap[l], heap[best]) { best = l }
                if r < heap.count, before(heap[r], heap[best]) { best = r }
                if best == i { return }
                heap.swapAt(i, best)
                i = best
            }
        }
        for (part, reader) in readers.enumerated() {
            if let document = try reader.next() { heap.append((document, part)); siftUp(heap.count - 1) }
        }
        let writer = try output.sampleWriter(ShardFiles.shuffled(task.index))
        while let top = heap.first {
            try ShardDocumentFile.write(top.document, to: writer)
            if let document = try readers[top.part].next() {
                heap[0] = (document, top.part)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
        try writer.close()
        return TaskReport()
    }
}
