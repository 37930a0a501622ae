import Foundation

/// The body of an OpenAI-compatible `POST /v1/chat/completions` request, as llama.cpp's server,
/// vLLM, SGLang and Ollama accept it.
///
/// Its canonical encoding (sorted keys) names the request: the cache key digests it, so any
/// change to the sample, the prompt template, the model or a parameter asks anew.
struct ChatRequest: Sendable, Hashable, Codable {
    struct Message: Sendable, Hashable, Codable {
        var role: String
        var content: String
    }

    var model: String
    var messages: [Message]
    var temperature: Double
    var topP: Double
    var maxTokens: Int
    var seed: Int
    var stream = false

    enum CodingKeys: String, CodingKey {
        case model, messages, temperature, seed, stream
        case topP = "top_p"
        case maxTokens = "max_tokens"
    }

    init(model: String, messages: [Message], parameters: RewriteParameters) {
        self.model = model
        self.messages = messages
        temperature = parameters.temperature
        topP = parameters.topP
        maxTokens = parameters.maxTokens
        seed = parameters.seed
    }

    /// The cache key: SHA-256 of the canonical JSON body.
    var key: String {
        Digest.sha256Hex((try? JSONCoding.lineBytes(self)) ?? [])
    }
}

/// What the model answered to one request, as kept in the cache.
struct ChatAnswer: Sendable, Hashable, Codable {
    var content: String
    /// `stop` for a finished answer, `length` when `max_tokens` cut it short.
    var finishReason: String?
    var completionTokens: Int?

    enum CodingKeys: String, CodingKey {
        case content
        case finishReason = "finish_reason"
        case completionTokens = "completion_tokens"
    }

    /// Reads the body of a chat completion response (`choices[0].message.content`).
    init(responseBody data: Data) throws {
        let response: ChatResponse
        do {
            response = try JSONDecoder().decode(ChatResponse.self, from: data)
        } catch {
            throw ChatFailure(reason: "malformed response body: \(Self.snippet(data))")
        }
        guard let choice = response.choices.first else {
            throw ChatFailure(reason: "response has no choices: \(Self.snippet(data))")
        }
        content = choice.message?.content ?? ""
        finishReason = choice.finishReason
        completionTokens = response.usage?.completionTokens
    }

    init(content: String, finishReason: String?, completionTokens: Int?) {
        self.content = content
        self.finishReason = finishReason
        self.completionTokens = completionTokens
    }

    /// The start of a body, printable, for error messages.
    static func snippet(_ data: Data) -> String {
        let text = String(decoding: data.prefix(160), as: UTF8.self).replacingOccurrences(of: "\n", with: " ")
        return data.count > 160 ? text + "…" : text
    }
}

/// The parts of a chat completion response the stage reads.
struct ChatResponse: Decodable {
    struct Choice: Decodable {
        struct Message: Decodable { var content: String? }
        var message: Message?
        var finishReason: String?
        enum CodingKeys: String, CodingKey {
            case message
            case finishReason = "finish_reason"
        }
    }

    struct Usage: Decodable {
        var completionTokens: Int?
        enum CodingKeys: String, CodingKey { case completionTokens = "completion_tokens" }
    }

    var choices: [Choice]
    var usage: Usage?
}

/// A request that got no usable answer, and whether the server could not be reached at all.
struct ChatFailure: Error, Sendable, CustomStringConvertible {
    var reason: String
    /// No connection could be made: the server is down or the endpoint is wrong.
    var unreachable = false
    /// Whether another attempt may succeed.
    var retryable = true
    /// Seconds the server asked to wait (`Retry-After`).
    var retryAfter: Double?
    var description: String { reason }
}
