/// Merges files of documents, each already in shard order (`ShardDocument.before`), into one
/// stream in shard order, holding one document per file. Equal documents (the same key and id)
/// come from the earlier file first.
enum ShardDocumentMerge {
    static func merge(_ readers: [ShardDocumentFile.Reader], _ body: (ShardDocument) throws -> Void) throws {
        var heap = [(document: ShardDocument, file: Int)]()
        func before(_ a: (document: ShardDocument, file: Int), _ b: (document: ShardDocument, file: Int)) -> Bool {
            ShardDocument.before(a.document, b.document) || (!ShardDocument.before(b.document, a.document) && a.file < b.file)
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
        for (file, reader) in readers.enumerated() {
            if let document = try reader.next() { heap.append((document, file)); siftUp(heap.count - 1) }
        }
        while let top = heap.first {
            try body(top.document)
            if let document = try readers[top.file].next() {
                heap[0] = (document, top.file)
            } else {
                heap[0] = heap[heap.count - 1]
                heap.removeLast()
            }
            if !heap.isEmpty { siftDown(0) }
        }
    }
}
