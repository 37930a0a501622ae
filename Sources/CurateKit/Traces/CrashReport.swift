import Foundation

/// The tools whose output the traces stage reads.
public enum TraceTool: String, Sendable, Hashable, Codable, CaseIterable {
    case gdb, asan, lsan, ubsan, tsan, msan, memcheck, helgrind

    /// Whether the tool instruments the program at compile time (so each compiler gives its own trace).
    public var isSanitizer: Bool {
        switch self {
        case .asan, .lsan, .ubsan, .tsan, .msan: return true
        case .gdb, .memcheck, .helgrind: return false
        }
    }

    /// How the tool names itself in a snapshot's comments.
    public var displayName: String {
        switch self {
        case .gdb: return "gdb"
        case .asan: return "AddressSanitizer"
        case .lsan: return "LeakSanitizer"
        case .ubsan: return "UndefinedBehaviorSanitizer"
        case .tsan: return "ThreadSanitizer"
        case .msan: return "MemorySanitizer"
        case .memcheck: return "valgrind memcheck"
        case .helgrind: return "valgrind helgrind"
        }
    }
}

/// A POSIX signal as Linux numbers it.
public struct SignalInfo: Sendable, Hashable, Codable {
    public var name: String
    public var number: Int

    /// Linux x86-64 numbers for the signals a crashing program receives.
    static let numbers: [String: Int] = [
        "SIGHUP": 1, "SIGINT": 2, "SIGQUIT": 3, "SIGILL": 4, "SIGTRAP": 5, "SIGABRT": 6, "SIGBUS": 7,
        "SIGFPE": 8, "SIGKILL": 9, "SIGSEGV": 11, "SIGPIPE": 13, "SIGALRM": 14, "SIGTERM": 15,
    ]

    /// A signal from its name; nil for names the table does not hold (the parser then reports it).
    public init?(name: String) {
        guard let number = SignalInfo.numbers[name] else { return nil }
        self.name = name
        self.number = number
    }

    public init?(number: Int) {
        guard let name = SignalInfo.numbers.first(where: { $0.value == number })?.key else { return nil }
        self.name = name
        self.number = number
    }
}

/// A named value: a function argument or a local variable as the debugger printed it.
public struct TraceVariable: Sendable, Hashable, Codable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// One frame of a stack, innermost first.
public struct StackFrame: Sendable, Hashable, Codable {
    /// The function as the tool printed it (with parameter types for sanitizers, without for gdb).
    public var function: String
    /// The source file as the tool printed it (absolute, relative or a bare name), when known.
    public var file: String?
    public var line: Int?
    public var column: Int?
    /// The shared object or binary a frame without source lies in.
    public var module: String?
    /// Arguments with values, when the tool prints them (gdb).
    public var arguments: [TraceVariable]
    /// Local variables with values, when the tool prints them (gdb `bt full`).
    public var locals: [TraceVariable] = []

    public init(function: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
                module: String? = nil, arguments: [TraceVariable] = []) {
        self.function = function
        self.file = file
        self.line = line
        self.column = column
        self.module = module
        self.arguments = arguments
    }

    /// The function without its parameter list or trailing qualifiers: `Node::payload() const`
    /// and gdb's `Node::payload` both give `Node::payload`, so facts compare across tools.
    public var baseName: String { FunctionName.base(function) }
}

/// A stack the report names besides the crash stack: where a block was allocated or freed,
/// the other side of a data race, where an uninitialised value came from.
public struct RelatedStack: Sendable, Hashable, Codable {
    /// What the tool said the stack is (`freed by thread T0 here`, `Previous write of size 8 by thread T2`).
    public var title: String
    public var frames: [StackFrame]

    public init(title: String, frames: [StackFrame]) {
        self.title = title
        self.frames = frames
    }
}

/// How a faulting access touched memory.
public struct MemoryAccess: Sendable, Hashable, Codable {
    /// `read` or `write`.
    public var kind: String
    public var size: Int

    public init(kind: String, size: Int) {
        self.kind = kind
        self.size = size
    }
}

/// One crash (or sanitizer finding) as any of the supported tools reported it.
///
/// Every parser fills the same fields so the snapshot builder does not care which tool ran.
public struct CrashReport: Sendable, Hashable, Codable {
    public var tool: TraceTool
    /// The error kind: the signal name for gdb, the sanitizer's kind (`heap-use-after-free`,
    /// `signed-integer-overflow`, `data race`), valgrind's error heading.
    public var kind: String
    /// The tool's one-line description of the error, when it gives more than the kind.
    public var message: String?
    public var signal: SignalInfo?
    /// The faulting address as printed (hex), when the tool names one.
    public var faultAddress: String?
    public var access: MemoryAccess?
    /// The thread the error happened in, as the tool names it (`T1`, `#2`, `1`).
    public var thread: String?
    /// The crash stack, innermost first.
    public var frames: [StackFrame]
    /// Locals of the innermost frame (gdb `info locals`).
    public var locals: [TraceVariable]
    /// What the tool says about the address (`0 bytes to the right of 40-byte region`,
    /// `global 'hits' of size 8`, `'buffer' (line 4)`).
    public var location: String?
    /// The named object the tool says was hit: a stack variable, a global (`buffer`, `hits`).
    public var object: String?
    public var relatedStacks: [RelatedStack]

    public init(tool: TraceTool, kind: String, message: String? = nil, signal: SignalInfo? = nil,
                faultAddress: String? = nil, access: MemoryAccess? = nil, thread: String? = nil,
                frames: [StackFrame] = [], locals: [TraceVariable] = [], location: String? = nil,
                object: String? = nil, relatedStacks: [RelatedStack] = []) {
        self.tool = tool
        self.kind = kind
        self.message = message
        self.signal = signal
        self.faultAddress = faultAddress
        self.access = access
        self.thread = thread
        self.frames = frames
        self.locals = locals
        self.location = location
        self.object = object
        self.relatedStacks = relatedStacks
    }
}

/// What reading one trace gave: a crash, or a run the tool saw finish cleanly.
public enum TraceOutcome: Sendable, Hashable {
    case crash(CrashReport)
    /// The program ran to the end without the tool reporting anything (gdb's `exited normally`).
    case clean(tool: TraceTool, detail: String)
}

/// A trace that could not be read, with the file and line where reading stopped.
public struct TraceParseError: Error, CustomStringConvertible, Sendable, Hashable {
    public var file: String
    public var line: Int?
    public var reason: String

    public init(file: String, line: Int?, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String {
        line.map { "\(file):\($0): \(reason)" } ?? "\(file): \(reason)"
    }
}

/// Helpers for C++ function names as tools print them.
enum FunctionName {
    /// Drops a trailing parameter list and cv/ref qualifiers: `f(int, char*) const` → `f`.
    static func base(_ name: String) -> String {
        var text = Substring(name.trimmingCharacters(in: .whitespaces))
        for suffix in [" const", " volatile", " &&", " &"] where text.hasSuffix(suffix) {
            text = text.dropLast(suffix.count)
        }
        guard text.hasSuffix(")"), !text.hasSuffix("operator()") else { return String(text) }
        var depth = 0
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            switch text[index] {
            case ")": depth += 1
            case "(":
                depth -= 1
                if depth == 0 {
                    let head = text[..<index]
                    return head.isEmpty ? String(text) : String(head)
                }
            default: break
            }
        }
        return String(text)
    }
}
