import Foundation

/// The ThreadState block's error line: the signal or the tool's error kind, as the trace shows it.
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
}
