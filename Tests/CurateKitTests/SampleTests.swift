import Foundation
import Testing
@testable import CurateKit

@Suite struct SampleTests {
    @Test func idIsAContentDigest() {
        let source = SampleSource(uri: "a.html", locator: "/html/body")
        let one = Sample(domain: "cpp", kind: .qa, prompt: "// QUESTION: x?", completion: "/* ANSWER:\ny\n*/", source: source)
        let same = Sample(domain: "cpp", kind: .qa, prompt: "// QUESTION: x?", completion: "/* ANSWER:\ny\n*/",
                          source: SampleSource(uri: "b.html", locator: "/"))
        let other = Sample(domain: "cmake", kind: .qa, prompt: "// QUESTION: x?", completion: "/* ANSWER:\ny\n*/", source: source)
        #expect(one.id == same.id)
        #expect(one.id != other.id)
        #expect(one.id.count == 32)
    }
}
