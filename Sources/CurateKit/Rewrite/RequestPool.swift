import Foundation

/// Sends a batch of requests with at most `concurrency` in flight (a task group fed as tasks
/// finish) and hands each answer to `store` as soon as it arrives, so that a run killed half
/// way keeps every answer it got.
///
/// Once a request finds the server unreachable no further request is started: the rest are
/// left without an answer (pending) rather than each waiting through its retries.
struct RequestPool: Sendable {
    let client: ChatClient
    let concurrency: Int
    let server: ServerState

    /// Answers by request key; a request missing from the result was not answered.
    func run(_ requests: [(key: String, request: ChatRequest)], progress: RewriteProgress,
             store: @escaping @Sendable (String, ChatAnswer) -> Void,
             unreachable: @escaping @Sendable (ChatFailure) -> Void) async -> [String: Result<ChatAnswer, ChatFailure>] {
        var results = [String: Result<ChatAnswer, ChatFailure>]()
        await withTaskGroup(of: (String, Result<ChatAnswer, ChatFailure>?).self) { group in
            var next = 0
            func startNext() {
                guard next < requests.count else { return }
                let (key, request) = requests[next]
                next += 1
                group.addTask { [client, server] in
                    guard server.available else { return (key, nil) }
                    progress.sent()
                    let result = await client.complete(request) { _ in progress.retry() }
                    switch result {
                    case let .success(answer):
                        store(key, answer)
                        progress.answered(tokens: answer.completionTokens ?? 0)
                    case let .failure(failure):
                        progress.gaveUp()
                        if failure.unreachable, server.markUnreachable() { unreachable(failure) }
                    }
                    return (key, result)
                }
            }
            for _ in 0..<min(concurrency, requests.count) { startNext() }
            while let finished = await group.next() {
                if let result = finished.1 { results[finished.0] = result }
                startNext()
            }
        }
        return results
    }
}
