import Foundation
import Testing

/// Runs the built `curate` binary, as a user would, and captures what it prints.
struct CurateBinary {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var url: URL {
        // The test bundle sits in the build folder beside the products.
        var folder = Bundle.module.bundleURL.deletingLastPathComponent()
        while !FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("curate").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("curate")
    }

    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Starts the binary in `folder` without waiting for it.
    static func start(_ arguments: [String], in folder: URL) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = url
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    static func run(_ arguments: [String], in folder: URL = repository) throws -> Result {
        let (process, out, err) = try start(arguments, in: folder)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

@Suite struct CLITests {
    let project = TemporaryFolder()

    @Test func validateAcceptsTheBundledPipelines() throws {
        let result = try CurateBinary.run(["validate"])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        for domain in ["cpp", "cmake", "shell", "debug"] {
            #expect(result.stdout.contains("ok     pipelines/\(domain).toml"))
        }
    }

    @Test func validateNamesFileKeyAndLineOfAMistake() throws {
        try project.write("domain = \"cpp\"\nlanguage = \"cpp\"\n\n[runner]\nparts = 2\nthreads = 9\n", to: "pipelines/cpp.toml")
        let result = try CurateBinary.run(["validate"], in: project.url)
        #expect(result.status == 1)
        #expect(result.stdout.contains("pipelines/cpp.toml:6: unknown key 'runner.threads'"))
    }

    @Test func badPartitionIsAUsageError() throws {
        let result = try CurateBinary.run(["run", "--partition", "3/2", "--out", project.url.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--partition must be i/n"))
    }

    @Test func catalogWithoutARunSaysWhatToDo() throws {
        let result = try CurateBinary.run(["catalog", "--out", project.url.appendingPathComponent("none").path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("run `make` or a stage first"))
    }
}
