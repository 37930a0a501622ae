import Foundation

/// What the stage knows about the model server across the inputs of a run: once it could not
/// be reached, later inputs do not try again for `patience` seconds, and the user is told once.
final class ServerState: @unchecked Sendable {
    private let lock = NSLock()
    private var unreachableSince: Date?
    private let patience: TimeInterval

    init(patience: TimeInterval = 60) {
        self.patience = patience
    }

    /// Whether requests should be sent now.
    var available: Bool {
        lock.withLock {
            guard let since = unreachableSince else { return true }
            return Date().timeIntervalSince(since) > patience
        }
    }

    /// Records that the server could not be reached; true the first time (the caller says so).
    func markUnreachable() -> Bool {
        lock.withLock {
            if let since = unreachableSince, Date().timeIntervalSince(since) <= patience { return false }
            unreachableSince = Date()
            return true
        }
    }
}
