import Foundation

/// Counts the requests of one batch and shows them every few seconds through the run's
/// progress display: requests done, in flight, failed, retried, and tokens per second.
final class RewriteProgress: @unchecked Sendable {
    private let reporter: ProgressReporter?
    private let label: String
    private let total: Int
    private let interval: TimeInterval
    private let lock = NSLock()
    private let started = Date()
    private var lastShown = Date()
    private(set) var done = 0
    private(set) var inFlight = 0
    private(set) var failed = 0
    private(set) var retried = 0
    private(set) var tokens = 0

    init(reporter: ProgressReporter?, label: String, total: Int, interval: TimeInterval = 2) {
        self.reporter = reporter
        self.label = label
        self.total = total
        self.interval = interval
    }

    func sent() { update { $0.inFlight += 1 } }
    func retry() { update { $0.retried += 1 } }

    func answered(tokens count: Int) {
        update {
            $0.inFlight -= 1
            $0.done += 1
            $0.tokens += count
        }
    }

    func gaveUp() {
        update {
            $0.inFlight -= 1
            $0.failed += 1
        }
    }

    /// The status line, e.g. `rewrite cpp: 12/40 requests done, 4 in flight, 1 failed, 3 retried, 85.2 tokens/s`.
    var line: String {
        lock.withLock { lineLocked() }
    }

    func finish() {
        guard total > 0 else { return }
        reporter?.note(line)
    }

    private func lineLocked() -> String {
        let seconds = max(Date().timeIntervalSince(started), 1e-6)
        return "\(label): \(done)/\(total) requests done, \(inFlight) in flight, \(failed) failed, \(retried) retried, "
            + String(format: "%.1f tokens/s", Double(tokens) / seconds)
    }

    private func update(_ change: (RewriteProgress) -> Void) {
        let text: String? = lock.withLock {
            change(self)
            let now = Date()
            guard now.timeIntervalSince(lastShown) >= interval else { return nil }
            lastShown = now
            return lineLocked()
        }
        if let text { reporter?.note(text) }
    }
}
