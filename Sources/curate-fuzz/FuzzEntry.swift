import CurateKit
import Foundation

// The libFuzzer entry points. This file has no top-level code: libFuzzer runs the process.
// The parser to drive is named by CURATE_FUZZ_TARGET (a `ParserProbe` case), read once here
// rather than per input; `list` prints every name.

nonisolated(unsafe) private var probe: ParserProbe?

@_cdecl("LLVMFuzzerInitialize")
public func fuzzerInitialize(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    let name = ProcessInfo.processInfo.environment["CURATE_FUZZ_TARGET"] ?? ""
    // `list` names the targets, for Fuzz/run.sh to loop over.
    if name == "list" {
        print(ParserProbe.allCases.map(\.rawValue).joined(separator: " "))
        exit(0)
    }
    guard let chosen = ParserProbe(rawValue: name) else {
        let names = ParserProbe.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("CURATE_FUZZ_TARGET must name one of: \(names) (got '\(name)')\n".utf8))
        exit(2)
    }
    probe = chosen
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
    guard let probe else { return 0 }
    probe.run(count == 0 || bytes == nil ? Data() : Data(bytes: bytes!, count: count))
    return 0
}

/// SwiftPM links an executable with `main` defined as `<module>_main` (so tests can link the
/// module), which a module without top-level code lacks: this is that symbol, and it hands the
/// process to libFuzzer's driver as libFuzzer's own `main` would.
@_cdecl("curate_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { bytes, size in fuzzerTestOneInput(bytes, size) }
}

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32
