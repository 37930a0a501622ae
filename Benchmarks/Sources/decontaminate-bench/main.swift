// Times curate's decontamination index (building it over an evaluation set, then checking
// every document of a corpus against it) and writes the ids of the documents it flags.
//
//   decontaminate-bench --evals evals.jsonl --docs docs.jsonl --out flagged.json [--threads 2]
//                       [--mode any|stage] [--ngram 13]
//
// --mode any flags a document sharing a single word n-gram with an item, as datatrove's filter
// does; --mode stage uses the decontaminate stage's defaults (share of an item's word or code
// n-grams at least 0.5, exact code units). Texts are read before the clock starts.
import CurateKit
import Foundation

var options = [String: String]()
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: decontaminate-bench --evals FILE --docs FILE --out FILE [--threads N] [--mode any|stage]\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = value
}
guard let evalsPath = options["evals"], let docsPath = options["docs"], let outPath = options["out"] else {
    FileHandle.standardError.write(Data("decontaminate-bench: --evals, --docs and --out are required\n".utf8))
    exit(2)
}
let threads = Int(options["threads"] ?? "2")!
let mode = options["mode"] ?? "any"

func texts(_ path: String) throws -> [(id: String, text: String)] {
    let content = try Data(contentsOf: URL(fileURLWithPath: path))
    return try content.split(separator: UInt8(ascii: "\n")).map { line in
        let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
        return ("\(object["id"]!)", object["text"] as! String)
    }
}
let items = try texts(evalsPath).map { EvaluationItem(name: $0.id, text: $0.text) }
let docs = try texts(docsPath).map(\.text)
let bytes = docs.reduce(0) { $0 + $1.utf8.count }

var settings = DecontaminateSettings()
settings.ngram = Int(options["ngram"] ?? "13")!
if mode == "any" {
    // One shared n-gram is enough, and only word n-grams count.
    settings.threshold = 1e-9
    settings.codeNgram = 256
    settings.exactUnits = false
}

func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

let start = Date(), cpuStart = cpuSeconds()
let index = ContaminationIndex(items: items, settings: settings, hashComments: false)
let built = Date()
let chunk = max(1, docs.count / (threads * 16))
let chunks = (docs.count + chunk - 1) / chunk
let flaggedChunks = try WorkerPool.map(chunks, threads: threads) { number -> [Int] in
    var scratch = ContaminationIndex.Scratch()
    var flagged = [Int]()
    for position in number * chunk..<min(docs.count, (number + 1) * chunk)
    where index.check(docs[position], scratch: &scratch) != nil {
        flagged.append(position)
    }
    return flagged
}
let finished = Date(), cpu = cpuSeconds() - cpuStart
let flagged = flaggedChunks.flatMap { $0 }
let result: [String: Any] = [
    "items": items.count, "word_grams": index.wordGrams, "code_grams": index.codeGrams, "docs": docs.count, "bytes": bytes,
    "index_seconds": built.timeIntervalSince(start), "pass_seconds": finished.timeIntervalSince(built),
    "cpu_seconds": cpu, "threads": threads, "mode": mode, "flagged": flagged.count,
]
try JSONSerialization.data(withJSONObject: ["flagged": flagged]).write(to: URL(fileURLWithPath: outPath))
print(String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self))
