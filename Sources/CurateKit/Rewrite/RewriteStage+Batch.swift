import Foundation

/// Offline rewriting: pending requests go out as an OpenAI batch file (as vLLM's
/// `run_batch` reads it) and its results come back into the cache, where the next run finds
/// them as if the server had answered.
extension RewriteStage {
    /// The path every batch line names; the OpenAI batch API and vLLM's runner route by it.
    static let batchURL = "/v1/chat/completions"

    /// The requests of the marginal samples upstream that have no stored answer, in input order.
    func pendingRequests(_ context: StageContext) throws -> [Plan] {
        var plans = [Plan]()
        var seen = Set<String>()
        for input in try inputs(context).sorted(by: { $0.id < $1.id }) {
            for sample in try SampleParts.read(input.url) where sample.band == .marginal {
                let plan = try plan(sample, cache: context.cache)
                guard seen.insert(plan.key).inserted,
                      try context.cache?.value(namespace: Self.cacheNamespace, key: plan.key) == nil else { continue }
                plans.append(plan)
            }
        }
        return plans
    }

    /// Writes the pending requests as a batch file (`custom_id`, `method`, `url`, `body` a
    /// line) and returns how many it holds.
    public func exportBatch(_ context: StageContext, to file: URL) throws -> Int {
        var bytes = [UInt8]()
        let plans = try pendingRequests(context)
        for plan in plans {
            bytes += try JSONCoding.lineBytes(BatchRequestLine(customID: plan.key, method: "POST", url: Self.batchURL, body: plan.request))
            bytes.append(0x0A)
        }
        try AtomicFile.write(Data(bytes), to: file)
        return plans.count
    }

    /// Reads a batch results file (`custom_id` and `response.body` a line, as the OpenAI batch
    /// API and vLLM's runner write them) into the cache. Lines that carry an error or a body
    /// that is not a chat completion are reported, not stored: their samples stay pending.
    public func importBatch(_ context: StageContext, from file: URL) throws -> BatchImport {
        guard let cache = context.cache else { throw InputRejected("importing rewrite results needs the catalog") }
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw InputRejected("\(file.path): cannot read the batch results: \(error.localizedDescription)")
        }
        let expected = Set(try pendingRequests(context).map(\.key))
        var result = BatchImport()
        for (number, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() where !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) {
            let place = "\(file.lastPathComponent):\(number + 1)"
            do {
                let (key, answer) = try Self.parseResult(Data(line))
                try cache.store(namespace: Self.cacheNamespace, key: key, value: String(decoding: try JSONCoding.lineBytes(answer), as: UTF8.self))
                result.stored += 1
                if !expected.contains(key) { result.unmatched += 1 }
            } catch {
                result.problems.append("\(place): \(error)")
            }
        }
        return result
    }

    static func parseResult(_ line: Data) throws -> (String, ChatAnswer) {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any] else {
            throw InputRejected("not a JSON object")
        }
        guard let key = object["custom_id"] as? String, !key.isEmpty else { throw InputRejected("no custom_id") }
        if let error = object["error"], !(error is NSNull) {
            throw InputRejected("\(key): the batch runner reported an error: \(error)")
        }
        guard let response = object["response"] as? [String: Any], let body = response["body"] else {
            throw InputRejected("\(key): no response.body")
        }
        if let status = response["status_code"] as? Int, !(200..<300).contains(status) {
            throw InputRejected("\(key): response status \(status)")
        }
        let bodyData = try JSONSerialization.data(withJSONObject: body)
        return (key, try ChatAnswer(responseBody: bodyData))
    }
}

/// One line of an OpenAI batch input file.
struct BatchRequestLine: Encodable {
    var customID: String
    var method: String
    var url: String
    var body: ChatRequest

    enum CodingKeys: String, CodingKey {
        case method, url, body
        case customID = "custom_id"
    }
}

/// What `importBatch` did.
public struct BatchImport: Sendable {
    /// Answers stored in the cache.
    public var stored = 0
    /// Stored answers whose request is not pending for this domain now (another domain's, or
    /// already answered).
    public var unmatched = 0
    /// Lines not stored, each with its file, line number and reason.
    public var problems: [String] = []
}
