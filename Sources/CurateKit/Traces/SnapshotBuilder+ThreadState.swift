import Foundation

/// The ThreadState block: the error line and the culprits, each stated only as the trace shows it.
extension SnapshotBuilder {
    func errorLine(_ report: CrashReport) -> String {
        if let signal = report.signal {
            var comment = "signal \(signal.number)"
            if let message = report.message, !message.isEmpty, report.tool == .gdb, signal.name != "SIGABRT" { comment += " (\(message))" }
            if let address = report.faultAddress, signal.name == "SIGSEGV" || signal.name == "SIGBUS" { comment += ", fault address \(address)" }
            if report.tool != .gdb { comment += ", reported by \(report.tool.displayName)" }
            return "error = \(signal.name); // \(comment)"
        }
        var comment = report.tool.displayName
        if let access = report.access, access.size > 0 { comment += ": \(access.kind) of size \(access.size)" }
        if let address = report.faultAddress { comment += " at \(address)" }
        return "error = \"\(report.kind)\"; // \(comment)"
    }

    func culprits(_ report: CrashReport, frame: StackFrame, frameIndex: Int, family: BugFamily, boomLine: String, traceCase: TraceCase) -> [Culprit] {
        var result = [Culprit]()
        let words = SnapshotBuilder.identifiers(boomLine)
        let variables = frame.arguments + frame.locals + (frameIndex == 0 ? report.locals.filter { local in !frame.locals.contains(local) } : [])
        func related(_ prefix: String) -> String? {
            report.relatedStacks.first { $0.title.lowercased().hasPrefix(prefix) }.flatMap { SnapshotBuilder.describe($0.frames, in: traceCase) }
        }
        switch report.tool {
        case .gdb:
            switch family {
            case .nullDereference, .other:
                for variable in variables where variable.value.split(separator: " ").first == "0x0" {
                    let used = words.contains(variable.name)
                    result.append(Culprit(name: variable.name, value: "nullptr",
                                          comment: variable.name == "this" ? "null: the member function runs on a null object"
                                                                           : used ? "null, and the marked line dereferences it" : "null"))
                }
                result.sort { words.contains($0.name) && !words.contains($1.name) }
            case .divideByZero:
                let divisors = SnapshotBuilder.divisors(boomLine)
                for variable in variables where variable.value == "0" && (divisors.contains(variable.name) || words.contains(variable.name)) {
                    result.append(Culprit(name: variable.name, value: "0", comment: divisors.contains(variable.name) ? "the divisor on the marked line" : "zero"))
                }
            case .stackOverflow:
                let depth = report.frames.prefix(while: { $0.baseName == report.frames[0].baseName }).count
                // gdb cannot read an argument whose stack slot lies past the overflow.
                for argument in frame.arguments where !argument.value.hasPrefix("<error") && argument.value != "<optimized out>" {
                    result.append(Culprit(name: argument.name, value: argument.value, comment: "argument of the innermost call"))
                }
                result.append(Culprit(name: "depth", value: "\(depth)+", comment: "the backtrace shows \(frame.baseName) calling itself \(depth) times and more"))
            case .abort:
                if let message = report.message {
                    result.append(Culprit(name: "abort", value: "\"\(SnapshotBuilder.literalSafe(message))\"", comment: "printed by the program or the C library before SIGABRT"))
                }
            default: break
            }
        case .asan, .lsan:
            if family == .leak {
                result.append(Culprit(name: "leak", value: "\"\(report.message ?? report.kind)\"",
                                      comment: "allocated in \(SnapshotBuilder.describe(report.frames, in: traceCase) ?? "?"), never freed"))
                break
            }
            if let access = report.access, access.size > 0 {
                result.append(Culprit(name: "access", value: "\"\(access.kind.uppercased()) of size \(access.size)\"", comment: "the faulting access on the marked line"))
            }
            var comment = report.location ?? report.kind
            if let access = report.access, access.size == 0 { comment = "\(access.kind.uppercased()) access; \(comment)" }
            if let freed = related("freed by") { comment += "; freed in \(freed)" }
            if let allocated = related("previously allocated by") ?? related("allocated by") { comment += "; allocated in \(allocated)" }
            if let object = report.object {
                result.append(Culprit(name: object, value: report.faultAddress ?? "?", comment: comment))
            } else if let address = report.faultAddress {
                result.append(Culprit(name: "address", value: address, comment: comment))
            }
        case .ubsan:
            if let message = report.message {
                result.append(Culprit(name: "check", value: "\"\(SnapshotBuilder.literalSafe(message))\"", comment: report.location ?? "runtime error on the marked line"))
            }
            if family == .divideByZero, let divisor = SnapshotBuilder.divisors(boomLine).first {
                result.append(Culprit(name: divisor, value: "0", comment: "the divisor on the marked line"))
            }
        case .tsan, .helgrind:
            var comment = "\(report.access.map { "\($0.kind) of size \($0.size)" } ?? "access") by thread \(report.thread ?? "?") here"
            if let previous = report.relatedStacks.first(where: { $0.title.lowercased().contains("previous") }) {
                let words = previous.title.split(separator: " ")
                let what = words.firstIndex(where: { $0 == "read" || $0 == "write" }).map { String(words[$0]) } ?? "access"
                let thread = previous.title.components(separatedBy: "by ").last ?? "another thread"
                comment += "; previous \(what) by \(thread) in \(SnapshotBuilder.describe(previous.frames, in: traceCase) ?? "?")"
            }
            result.append(Culprit(name: report.object ?? "location", value: "\"\(SnapshotBuilder.literalSafe(report.location ?? "shared memory"))\"", comment: comment))
        case .memcheck:
            switch family {
            case .leak:
                result.append(Culprit(name: "leak", value: "\"\(report.message ?? report.kind)\"",
                                      comment: "allocated in \(SnapshotBuilder.describe(report.frames, in: traceCase) ?? "?"), never freed"))
            case .uninitialised:
                let origin = report.relatedStacks.first { $0.title.hasPrefix("Uninitialised value was created") }
                result.append(Culprit(name: "value", value: "\"uninitialised\"",
                                      comment: origin.map { "\($0.title.replacingOccurrences(of: "Uninitialised value was created by", with: "created by")) in \(SnapshotBuilder.describe($0.frames, in: traceCase) ?? "?")" } ?? "used in the marked line's condition"))
            default:
                if let access = report.access {
                    result.append(Culprit(name: "access", value: "\"\(access.kind) of size \(access.size)\"", comment: "the faulting access on the marked line"))
                }
                var comment = report.location ?? report.kind
                if let freed = related("block freed") { comment += "; freed in \(freed)" }
                if let allocated = related("block allocated") { comment += "; allocated in \(allocated)" }
                if let address = report.faultAddress { result.append(Culprit(name: "address", value: address, comment: comment)) }
            }
        }
        return result
    }
}
