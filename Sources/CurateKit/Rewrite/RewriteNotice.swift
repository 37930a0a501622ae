import Foundation

/// Messages the stage prints once, and how to serve a model, printed once per process.
enum RewriteNotice {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var toldHowToServe = false

    static let howToServe = """
        To rewrite marginal samples, serve a small instruct model with an OpenAI-compatible API on this machine, e.g.
          python -m llama_cpp.server --model MODEL.gguf --host 127.0.0.1 --port 8080   (pip install 'llama-cpp-python[server]')
          vllm serve Qwen/Qwen2.5-Coder-1.5B-Instruct --host 127.0.0.1 --port 8080
        then set endpoint = "http://127.0.0.1:8080/v1" and model in the [rewrite] section of pipelines/<domain>.toml and run again;
        or `curate rewrite export --domain D --out FILE` for a batch run elsewhere and `curate rewrite import FILE --domain D`.
        """

    static func say(_ message: String, context: StageContext) {
        let first = lock.withLock { () -> Bool in
            defer { toldHowToServe = true }
            return !toldHowToServe
        }
        let text = first ? message + "\n" + howToServe : message
        if let progress = context.progress {
            progress.note(text)
        } else {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }
}
