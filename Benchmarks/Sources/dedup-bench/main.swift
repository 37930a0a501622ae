// Times curate's near-duplicate detection (MinHash signatures, then LSH clustering) on a
// documents file, and writes the cluster of every document for scoring against the truth.
//
//   dedup-bench --docs docs.jsonl --out clusters.json [--threads 2] [--shingle 5] [--bands 14]
//               [--rows 8] [--min-similarity 0.7] [--probes exact|near-miss] [--repeat 3]
//
// Documents are read before the clock starts; the reported time is the best of the repeats.
import CurateKit
import Foundation

var options = [String: String]()
var arguments = CommandLine.arguments.dropFirst()
while let name = arguments.popFirst() {
    guard name.hasPrefix("--"), let value = arguments.popFirst() else {
        FileHandle.standardError.write(Data("usage: dedup-bench --docs FILE --out FILE [--threads N] ...\n".utf8))
        exit(2)
    }
    options[String(name.dropFirst(2))] = value
}
func option(_ name: String, _ fallback: String) -> String { options[name] ?? fallback }
guard let docsPath = options["docs"], let outPath = options["out"] else {
    FileHandle.standardError.write(Data("dedup-bench: --docs and --out are required\n".utf8))
    exit(2)
}
let threads = Int(option("threads", "2"))!
let shingle = Int(option("shingle", "5"))!
let bands = Int(option("bands", "14"))!
let rows = Int(option("rows", "8"))!
let minSimilarity = Double(option("min-similarity", "0.7"))!
let repeats = Int(option("repeat", "3"))!
let nearMissProbes = option("probes", "exact") == "near-miss"

var texts = [[UInt8]]()
let content = try Data(contentsOf: URL(fileURLWithPath: docsPath))
for line in content.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
    let object = try JSONSerialization.jsonObject(with: Data(line)) as! [String: Any]
    texts.append(Array((object["text"] as! String).utf8))
}
let bytes = texts.reduce(0) { $0 + $1.count }

let hasher = MinHasher(shingleSize: shingle, bands: bands, rows: rows, seed: 1)
let clusterer = LSHClusterer(bands: bands, rows: rows, minSimilarity: minSimilarity, nearMissProbes: nearMissProbes)
/// User and system time of the whole process (all threads), in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

var best = (signature: Double.infinity, cluster: Double.infinity, cpu: Double.infinity)
var roots = [Int]()
for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpuStart = cpuSeconds()
    let signatures = SignatureBatch.compute(texts, hasher: hasher, threads: threads)
    let signed = DispatchTime.now().uptimeNanoseconds
    roots = clusterer.cluster(signatures, count: texts.count)
    let finished = DispatchTime.now().uptimeNanoseconds
    let cpu = cpuSeconds() - cpuStart
    let signature = Double(signed - start) / 1e9, cluster = Double(finished - signed) / 1e9
    if signature + cluster < best.signature + best.cluster { best = (signature, cluster, cpu) }
}
try JSONSerialization.data(withJSONObject: roots).write(to: URL(fileURLWithPath: outPath))
let seconds = best.signature + best.cluster
let report: [String: Any] = [
    "tool": "curate", "docs": texts.count, "bytes": bytes, "threads": threads, "min_similarity": minSimilarity,
    "probes": nearMissProbes ? "near-miss" : "exact",
    "signature_seconds": best.signature, "cluster_seconds": best.cluster, "seconds": seconds, "cpu_seconds": best.cpu,
]
print(String(decoding: try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys]), as: UTF8.self))
