import Foundation

/// The TASK lines: what to fix, in one or two lines specific to the bug and its culprit.
extension SnapshotBuilder {
    func task(_ report: CrashReport, family: BugFamily, function f: String, culprits: [Culprit], placeholders: inout AddressPlaceholders) -> [String] {
        let named = culprits.first(where: \.isVariable)?.name
        switch family {
        case .nullDereference:
            if let named { return ["Fix the null pointer dereference in \(f):", "'\(named)' is null on the marked line."] }
            return ["Fix the null pointer dereference in \(f) on the marked line."]
        case .divideByZero:
            if let named { return ["Fix the division by zero in \(f): '\(named)' is 0."] }
            return ["Fix the division by zero in \(f) on the marked line."]
        case .heapOverflow:
            return ["Fix the heap buffer overflow in \(f):", "the \(accessWords(report)) lands \(report.location ?? "outside the block")."]
        case .stackBufferOverflow:
            return ["Fix the stack buffer overflow in \(f):", "the \(accessWords(report)) runs past '\(report.object ?? "a local array")'."]
        case .useAfterFree:
            return ["Fix the use after free in \(f):", "the memory was freed before this \(accessWords(report))."]
        case .doubleFree:
            return ["Fix the double free in \(f): the block was already freed."]
        case .stackOverflow:
            return ["Fix the stack overflow in \(f):", "the recursion does not stop for this input."]
        case .uninitialised:
            return ["Fix the use of an uninitialised value in \(f):", "a variable is read before it is ever set."]
        case .dataRace:
            if let object = report.object { return ["Fix the data race on '\(object)' in \(f):", "two threads access it without synchronisation."] }
            let size = report.location?.range(of: "block of size [0-9]+", options: .regularExpression).map { report.location![$0] }
            return ["Fix the data race in \(f): two threads access", "the same \(size.map { "heap \($0)" } ?? "memory") without synchronisation."]
        case .leak:
            return ["Fix the memory leak: blocks allocated in \(f)", "are never freed."]
        case .signedOverflow:
            let expression = report.message.flatMap { message -> String? in
                guard let colon = message.range(of: ": "), let end = message.range(of: " cannot be represented") else { return nil }
                return String(message[colon.upperBound..<end.lowerBound])
            }
            return ["Fix the signed integer overflow in \(f):", "\(expression.map { "'\($0)'" } ?? "the result") does not fit in 'int'."]
        case .invalidCast:
            let target = report.message.flatMap { TraceText.quoted($0) }
            return ["Fix the invalid downcast in \(f): the object is a", "'\(report.object ?? "?")', not a '\(target ?? "?")'."]
        case .mismatchedFree:
            return ["Fix the mismatched deallocation in \(f): the block is", "released with a different operator than allocated it."]
        case .abort:
            return ["Fix the abort in \(f): the program stopped itself", "(\(placeholders.normalise(report.message ?? "SIGABRT")))."]
        case .other:
            return ["Fix the \(report.kind) in \(f) on the marked line."]
        }
    }

    func accessWords(_ report: CrashReport) -> String {
        guard let access = report.access, access.size > 0 else { return "access" }
        return "\(access.size)-byte \(access.kind.lowercased())"
    }
}
