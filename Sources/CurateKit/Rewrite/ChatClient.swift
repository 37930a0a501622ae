import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Sends one chat completion request to an OpenAI-compatible server, retrying what a retry can
/// fix: timeouts, dropped connections, HTTP 429 and 5xx, malformed bodies. Retries wait with
/// exponential backoff and jitter (and at least as long as a `Retry-After` header asks).
///
/// An answer that stopped at `max_tokens` or came back empty is an answer, not a fault: the same
/// request would give it again, so it is returned (and judged) rather than retried.
final class ChatClient: @unchecked Sendable {
    let url: URL
    let timeout: Double
    let retries: Int
    let backoff: Double
    /// The key read from the environment variable named in the settings; never stored or logged.
    private let apiKey: String?
    private let session: URLSession

    init(endpoint: URL, apiKey: String?, timeout: Double, retries: Int, backoff: Double) {
        url = endpoint.appendingPathComponent("chat").appendingPathComponent("completions")
        self.apiKey = apiKey
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
    }

    deinit { session.invalidateAndCancel() }

    /// The answer, or the last failure once the retries are spent. `onRetry` is told each time
    /// an attempt failed and another follows.
    func complete(_ request: ChatRequest, onRetry: @Sendable (ChatFailure) -> Void = { _ in }) async -> Result<ChatAnswer, ChatFailure> {
        let body: Data
        do {
            body = Data(try JSONCoding.lineBytes(request))
        } catch {
            return .failure(ChatFailure(reason: "cannot encode the request: \(error)", retryable: false))
        }
        var failure = ChatFailure(reason: "not sent")
        for attempt in 0...retries {
            if attempt > 0 {
                onRetry(failure)
                try? await Task.sleep(nanoseconds: UInt64(delay(before: attempt, hint: failure.retryAfter) * 1e9))
            }
            do {
                return .success(try await send(body))
            } catch let error as ChatFailure {
                failure = error
                if !error.retryable { break }
            } catch {
                failure = ChatFailure(reason: "\(error)")
            }
        }
        return .failure(failure)
    }

    /// Seconds before attempt `attempt` (1 for the first retry): `backoff · 2^(attempt-1)`
    /// scaled by a random factor in 0.5...1.5 so that many clients do not retry in step, and no
    /// less than the server's `Retry-After`.
    func delay(before attempt: Int, hint: Double?) -> Double {
        let exponential = backoff * pow(2, Double(attempt - 1)) * Double.random(in: 0.5...1.5)
        return min(max(exponential, hint ?? 0), 60)
    }

    private func send(_ body: Data) async throws -> ChatAnswer {
        var request = URLRequest(url: url, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        request.httpBody = body
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await session.data(for: request)
        } catch let error as URLError {
            throw ChatFailure(transport: error, url: url, timeout: timeout)
        }
        guard let http = response as? HTTPURLResponse else {
            throw ChatFailure(reason: "the server's response is not HTTP")
        }
        switch http.statusCode {
        case 200..<300:
            return try ChatAnswer(responseBody: data)
        case 429, 500...:
            let hint = (http.value(forHTTPHeaderField: "Retry-After")).flatMap(Double.init)
            throw ChatFailure(reason: "HTTP \(http.statusCode): \(ChatAnswer.snippet(data))", retryAfter: hint)
        default:
            // 400, 401, 404...: the request or the settings are wrong; asking again will not help.
            throw ChatFailure(reason: "HTTP \(http.statusCode) from \(url.absoluteString): \(ChatAnswer.snippet(data))"
                              + (http.statusCode == 401 ? " (check the API key variable named by api_key_env)" : ""),
                              retryable: false)
        }
    }
}

extension ChatFailure {
    /// A failure below HTTP: no connection, a timeout, a connection cut before the answer.
    init(transport error: URLError, url: URL, timeout: Double) {
        let server = "\(url.host ?? "?"):\(url.port.map(String.init) ?? "default port")"
        switch error.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
            self.init(reason: "cannot connect to \(server) (\(error.localizedDescription))", unreachable: true)
        case .timedOut:
            self.init(reason: "no answer from \(server) within \(formatted(timeout)) s")
        case .networkConnectionLost:
            self.init(reason: "connection to \(server) dropped before the answer")
        default:
            self.init(reason: "request to \(server) failed: \(error.localizedDescription) (URLError \(error.code.rawValue))")
        }
    }
}
