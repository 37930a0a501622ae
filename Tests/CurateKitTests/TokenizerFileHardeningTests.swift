import Foundation
import Testing
@testable import CurateKit

/// A tokenizer path that is missing or a folder is refused in plain words, by the library
/// and by the commands that take one.
@Suite struct TokenizerFileHardeningTests {
    let folder = TemporaryFolder()

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func missingFileAndFolderAreNamed() throws {
        let missing = folder.url.appendingPathComponent("nowhere/tokenizer.json")
        #expect(message { _ = try TokenizerFile.read(missing) } == "no such file: \(missing.path)")
        #expect(message { _ = try TokenizerFile.read(folder.url) } == "\(folder.url.path) is a folder; give the tokenizer.json file in it")
    }

    @Test func commandsSayNoSuchFileWithoutAFoundationDump() throws {
        for arguments in [["tokenizer", "encode", "--tokenizer", "gone.json"], ["inspect", "tokenizer", "gone.json"]] {
            let result = try CurateBinary.run(arguments, in: folder.url)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.stderr.contains("no such file: \(folder.url.appendingPathComponent("gone.json").path)"), "\(result.stderr)")
            #expect(!result.stderr.contains("NSCocoaErrorDomain"), "\(result.stderr)")
        }
        let asFolder = try CurateBinary.run(["inspect", "tokenizer", "."], in: folder.url)
        #expect(asFolder.status == 1)
        #expect(asFolder.stderr.contains("is a folder; give the tokenizer.json file in it"), "\(asFolder.stderr)")
        #expect(!asFolder.stderr.contains("NSCocoaErrorDomain"), "\(asFolder.stderr)")
    }
}
