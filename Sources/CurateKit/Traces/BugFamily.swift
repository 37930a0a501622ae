import Foundation

/// The kind of bug a report shows, whatever tool reported it; it decides the TASK wording.
enum BugFamily: Equatable {
    case nullDereference, divideByZero, heapOverflow, stackBufferOverflow, useAfterFree, doubleFree
    case stackOverflow, uninitialised, dataRace, leak, signedOverflow, invalidCast, mismatchedFree
    case abort, other

    init(_ report: CrashReport) {
        let kind = report.kind
        let location = report.location ?? ""
        switch report.tool {
        case .gdb:
            switch kind {
            case "SIGSEGV", "SIGBUS":
                if BugFamily.isRecursion(report.frames) { self = .stackOverflow }
                else if report.faultAddress.map(BugFamily.isNearNull) ?? false { self = .nullDereference }
                else { self = .other }
            case "SIGFPE": self = .divideByZero
            case "SIGABRT":
                // glibc names what it caught: `free(): double free detected in tcache 2`.
                self = report.message?.contains("double free") == true ? .doubleFree : .abort
            default: self = .other
            }
        case .asan, .lsan:
            switch kind {
            case "heap-use-after-free": self = .useAfterFree
            case "heap-buffer-overflow", "global-buffer-overflow": self = .heapOverflow
            case "stack-buffer-overflow", "stack-buffer-underflow": self = .stackBufferOverflow
            case "double-free": self = .doubleFree
            case "stack-overflow": self = .stackOverflow
            case "alloc-dealloc-mismatch": self = .mismatchedFree
            case "FPE": self = .divideByZero
            case "SEGV": self = report.faultAddress.map(BugFamily.isNearNull) ?? false ? .nullDereference : .other
            case "detected memory leaks": self = .leak
            default: self = .other
            }
        case .ubsan:
            switch kind {
            case "signed-integer-overflow": self = .signedOverflow
            case "integer-divide-by-zero": self = .divideByZero
            case "dynamic-type-mismatch": self = .invalidCast
            case "null-pointer-use": self = .nullDereference
            default: self = .other
            }
        case .msan:
            self = kind == "use-of-uninitialized-value" ? .uninitialised : .other
        case .tsan, .helgrind:
            self = kind.contains("data race") ? .dataRace : .other
        case .memcheck:
            if kind == "definitely lost" { self = .leak }
            else if kind.hasPrefix("Invalid read") || kind.hasPrefix("Invalid write") {
                if location.hasSuffix("free'd") && !location.hasPrefix("not stack'd") { self = .useAfterFree }
                else if location.contains(" after a block") || location.contains(" before a block") { self = .heapOverflow }
                else if report.faultAddress.map(BugFamily.isNearNull) ?? false { self = .nullDereference }
                else { self = .other }
            }
            else if kind.hasPrefix("Invalid free()") { self = location.hasSuffix("free'd") && !location.hasPrefix("not stack'd") ? .doubleFree : .other }
            else if kind.hasPrefix("Mismatched free()") { self = .mismatchedFree }
            else if kind.contains("uninitialised") { self = .uninitialised }
            else if kind == "SIGSEGV", report.message?.hasPrefix("Stack overflow") == true { self = .stackOverflow }
            else if kind == "SIGFPE" { self = .divideByZero }
            else if kind == "SIGSEGV", report.faultAddress.map(BugFamily.isNearNull) ?? false { self = .nullDereference }
            else { self = .other }
        }
    }

    /// An address in the first page, where a null pointer (plus a small member offset) points.
    static func isNearNull(_ address: String) -> Bool {
        guard address.hasPrefix("0x"), let value = UInt64(address.dropFirst(2), radix: 16) else { return false }
        return value < 0x1000
    }

    /// The same function ten or more times at the top of the stack.
    static func isRecursion(_ frames: [StackFrame]) -> Bool {
        guard let first = frames.first else { return false }
        return frames.prefix(30).filter { $0.baseName == first.baseName }.count >= 10
    }
}
