import Foundation

/// One item of an evaluation set: a problem and its solution, the text no training sample
/// may contain.
public struct EvaluationItem: Sendable, Hashable {
    /// `<set>/<item>`: the set's file name without extension, then the item's `task_id` or
    /// `id` (its line number when it has neither).
    public var name: String
    public var text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// Reads the evaluation sets a pipeline names: JSON Lines whose objects hold the text in the
/// named fields (joined by a newline), or any other file, which is one item as a whole. A
/// folder stands for the files in it.
enum EvaluationSet {
    static func load(_ url: URL, textFields: [String], shownAs shown: String) throws -> [EvaluationItem] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw InputRejected("evaluation set \(shown) does not exist")
        }
        if isFolder.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: url.path).filter { !$0.hasPrefix(".") }.sorted()
            return try names.flatMap { try load(url.appendingPathComponent($0), textFields: textFields, shownAs: "\(shown)/\($0)") }
        }
        let setName = url.deletingPathExtension().lastPathComponent
        guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
            throw InputRejected("evaluation set \(shown) is not UTF-8 text")
        }
        guard url.pathExtension == "jsonl" else { return [EvaluationItem(name: setName, text: text)] }
        var items = [EvaluationItem]()
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty else { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw InputRejected("evaluation set \(shown) line \(number + 1): not a JSON object")
            }
            let parts = textFields.compactMap { object[$0] as? String }
            guard !parts.isEmpty else {
                throw InputRejected("evaluation set \(shown) line \(number + 1): none of the text fields \(textFields.joined(separator: ", ")) is a string")
            }
            let id = (object["task_id"] ?? object["id"]).map { "\($0)" } ?? "\(number + 1)"
            items.append(EvaluationItem(name: "\(setName)/\(id)", text: parts.joined(separator: "\n")))
        }
        return items
    }
}
