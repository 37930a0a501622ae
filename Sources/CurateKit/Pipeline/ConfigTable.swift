import Foundation
import TOMLKit

/// A section of a pipeline TOML file that remembers which keys were read, so that after a stage
/// has read its settings any key left over is reported as unknown, with its file and line.
///
/// Typed getters throw `ConfigError.wrongType` naming the key and the expected type.
public final class ConfigTable: @unchecked Sendable {
    public let file: String
    /// Dotted path of this table inside the file (`""` for the top level).
    public let path: String
    let toml: TOMLTable
    let lines: [Substring]
    private var readKeys = Set<String>()

    init(table: TOMLTable, file: String, path: String, lines: [Substring]) {
        self.toml = table
        self.file = file
        self.path = path
        self.lines = lines
    }

    /// Parses TOML text as the top-level table of `file`; a syntax error names its line and column.
    public static func parse(_ text: String, file: String) throws -> ConfigTable {
        if let (line, column, reason) = TOMLAbortCheck.abortingSpot(in: text) {
            throw ConfigError.syntax(file: file, line: line, column: column, reason: reason)
        }
        do {
            return ConfigTable(table: try TOMLTable(string: text), file: file, path: "",
                               lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        } catch let error as TOMLParseError {
            throw ConfigError.syntax(file: file, line: error.source.begin.line, column: error.source.begin.column,
                                     reason: error.description)
        }
    }

    /// An empty table, for stages run without a pipeline file.
    public static func empty(file: String = "<defaults>", path: String) -> ConfigTable {
        ConfigTable(table: TOMLTable(), file: file, path: path, lines: [])
    }

    public var keys: [String] { toml.keys.sorted() }
    public func contains(_ key: String) -> Bool { toml.contains(key: key) }

    public func string(_ key: String) throws -> String? {
        try value(key, "a string") { $0.string }
    }

    public func string(_ key: String, default fallback: String) throws -> String {
        try string(key) ?? fallback
    }

    public func int(_ key: String) throws -> Int? {
        try value(key, "an integer") { $0.int }
    }

    public func int(_ key: String, default fallback: Int, range: ClosedRange<Int>? = nil) throws -> Int {
        let result = try int(key) ?? fallback
        if let range, !range.contains(result) {
            throw ConfigError.outOfRange(file: file, key: qualified(key), line: line(of: key),
                                         expected: "\(range.lowerBound)...\(range.upperBound)")
        }
        return result
    }

    /// TOML allows `nan` and `inf`; no setting means either (an infinite timeout or weight would
    /// pass every `> 0` check and then misbehave), so they are refused here, once for all keys.
    public func double(_ key: String) throws -> Double? {
        let number = try value(key, "a number") { $0.double ?? $0.int.map(Double.init) }
        if let number, !number.isFinite {
            throw ConfigError.wrongType(file: file, key: qualified(key), line: line(of: key),
                                        expected: "a finite number", found: "\(number)")
        }
        return number
    }

    public func double(_ key: String, default fallback: Double) throws -> Double {
        try double(key) ?? fallback
    }

    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        try value(key, "true or false") { $0.bool } ?? fallback
    }

    public func strings(_ key: String) throws -> [String]? {
        try value(key, "an array of strings") { value in
            guard let array = value.array else { return nil }
            var result = [String]()
            for element in array {
                guard let text = element.string else { return nil }
                result.append(text)
            }
            return result
        }
    }

    public func strings(_ key: String, default fallback: [String]) throws -> [String] {
        try strings(key) ?? fallback
    }

    /// A sub-table; an absent one reads as empty so defaults apply.
    public func table(_ key: String) throws -> ConfigTable {
        guard toml.contains(key: key) else {
            readKeys.insert(key)
            return ConfigTable(table: TOMLTable(), file: file, path: qualified(key), lines: lines)
        }
        let sub = try value(key, "a table") { $0.table }!
        return ConfigTable(table: sub, file: file, path: qualified(key), lines: lines)
    }

    /// Throws for the first key (in file order) that no getter asked for.
    public func rejectUnknownKeys() throws {
        let unknown = toml.keys.filter { !readKeys.contains($0) }
        guard !unknown.isEmpty else { return }
        let located = unknown.map { ($0, self.line(of: $0) ?? Int.max) }.sorted { $0.1 < $1.1 }
        let (key, where_) = located[0]
        throw ConfigError.unknownKey(file: file, key: qualified(key), line: where_ == Int.max ? nil : where_)
    }

    /// A stable digest of this table's content, for deciding whether a rerun may skip work.
    public var digest: String {
        Digest.sha256Hex(toml.convert(to: .json))
    }

    func qualified(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private func value<T>(_ key: String, _ expected: String, _ read: (TOMLValueConvertible) -> T?) throws -> T? {
        readKeys.insert(key)
        guard let raw = toml[key] else { return nil }
        guard let typed = read(raw) else {
            throw ConfigError.wrongType(file: file, key: qualified(key), line: line(of: key),
                                        expected: expected, found: raw.type.description)
        }
        return typed
    }

    /// The 1-based line where `key` is set in this table, found by scanning the source: TOMLKit
    /// reports positions only for syntax errors.
    func line(of key: String) -> Int? {
        let headerPattern = path.isEmpty ? nil : "[\(path)]"
        var inside = headerPattern == nil
        for (index, raw) in lines.enumerated() {
            let text = raw.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("[") {
                if let headerPattern { inside = text.hasPrefix(headerPattern) } else { inside = false }
                continue
            }
            guard inside else { continue }
            for candidate in [key, "\"\(key)\""] where text.hasPrefix(candidate) {
                let rest = text.dropFirst(candidate.count).drop { $0 == " " || $0 == "\t" }
                if rest.first == "=" || rest.first == "." { return index + 1 }
            }
        }
        return nil
    }
}

/// A problem in a pipeline file, worded for the person who edits it.
public enum ConfigError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case syntax(file: String, line: Int, column: Int, reason: String)
    case unknownKey(file: String, key: String, line: Int?)
    case wrongType(file: String, key: String, line: Int?, expected: String, found: String)
    case outOfRange(file: String, key: String, line: Int?, expected: String)
    case missing(file: String, key: String)
    case invalid(file: String, key: String, line: Int?, reason: String)

    public var description: String {
        func place(_ file: String, _ line: Int?) -> String {
            line.map { "\(file):\($0)" } ?? file
        }
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read pipeline file: \(reason)"
        case let .syntax(file, line, column, reason):
            return "\(file):\(line):\(column): TOML syntax error: \(reason)"
        case let .unknownKey(file, key, line):
            return "\(place(file, line)): unknown key '\(key)' (check its spelling against README.md, section Pipelines)"
        case let .wrongType(file, key, line, expected, found):
            return "\(place(file, line)): key '\(key)' must be \(expected), found \(found)"
        case let .outOfRange(file, key, line, expected):
            return "\(place(file, line)): key '\(key)' must lie in \(expected)"
        case let .missing(file, key):
            return "\(file): required key '\(key)' is missing"
        case let .invalid(file, key, line, reason):
            return "\(place(file, line)): key '\(key)': \(reason)"
        }
    }
}
