import Foundation
import Testing
@testable import CurateKit

/// A catalog that another process keeps locked, or that was damaged: the user is told what
/// holds it or how to rebuild it, and the rebuild gives back what was there.
@Suite struct CatalogFaultTests {
    let project = TemporaryFolder()

    @Test func truncatedCatalogIsCalledDamagedAndRebuiltFromTheRecords() throws {
        let out = try curatedOutputForTests(project)
        let file = out.appendingPathComponent("catalog.sqlite")
        let summary = try Catalog(url: file).summaryReport()
        let rejected = try Catalog(url: file).rejectedReport(domain: nil, detail: true, limit: 100)

        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: UInt64(size / 2))
        try handle.close()
        let error = #expect(throws: CatalogError.self) { try Catalog(url: file) }
        #expect(error?.description.contains("curate catalog rebuild --out \(out.path)") == true, "\(String(describing: error))")

        let rebuilt = try Catalog.rebuild(outputRoot: out)
        #expect(rebuilt.tasks > 0)
        #expect(rebuilt.keptAs?.lastPathComponent == "catalog.sqlite.damaged")
        #expect(try rebuilt.catalog.summaryReport() == summary)
        #expect(try rebuilt.catalog.rejectedReport(domain: nil, detail: true, limit: 100) == rejected)
    }

    @Test func garbageInPlaceOfTheCatalogIsCalledDamaged() throws {
        let file = try project.write(String(repeating: "not a database ", count: 400), to: "out/catalog.sqlite")
        let error = #expect(throws: CatalogError.self) { try Catalog(url: file) }
        guard case .damaged(let path, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(path == file.path)
    }

    @Test func catalogHeldByAnotherProcessNamesThatProcess() throws {
        let out = try curatedOutputForTests(project)
        let file = out.appendingPathComponent("catalog.sqlite")
        // A real second process holds a write transaction open.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1], isolation_level=None)
            c.execute("BEGIN IMMEDIATE")
            print("holding", flush=True)
            time.sleep(30)
            """, file.path]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() }
        #expect(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).hasPrefix("holding"))

        // Opening migrates, which already needs the write lock.
        let error = #expect(throws: CatalogError.self) {
            try Catalog(url: file, busyLimit: 1).store(namespace: "test", key: "k", value: "v")
        }
        guard case .locked(_, let holders, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(holders.map(\.pid).contains(holder.processIdentifier), "\(holders)")
        #expect(error?.description.contains("python3") == true, "\(String(describing: error))")
    }
}
