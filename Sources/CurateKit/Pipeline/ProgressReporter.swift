import Foundation

/// Shows how a long stage is going: on a terminal a live line (items, rate, ETA) redrawn in
/// place; otherwise a plain log line every `interval` seconds, so CI logs stay readable.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable { case live, log, quiet }

    public let style: Style
    private let interval: TimeInterval
    private let lock = NSLock()
    private var label = ""
    private var total = 0
    private var done = 0
    private var started = Date()
    private var lastShown = Date.distantPast

    /// `.live` when standard error is a terminal, `.log` otherwise.
    public static func automatic() -> ProgressReporter {
        ProgressReporter(style: isatty(STDERR_FILENO) != 0 ? .live : .log)
    }

    public init(style: Style, interval: TimeInterval? = nil) {
        self.style = style
        self.interval = interval ?? (style == .live ? 0.1 : 5)
    }

    public func start(_ label: String, total: Int) {
        lock.withLock {
            self.label = label
            self.total = total
            done = 0
            started = Date()
            lastShown = style == .live ? .distantPast : Date()
        }
    }

    public func advance(by count: Int = 1) {
        lock.withLock {
            done += count
            let now = Date()
            if now.timeIntervalSince(lastShown) >= interval {
                lastShown = now
                show(line(now: now), final: false)
            }
        }
    }

    public func finish() {
        lock.withLock {
            if style == .live { show(line(now: Date()), final: true) }
        }
    }

    /// Prints a message without breaking the live line.
    public func note(_ message: String) {
        lock.withLock {
            if style == .quiet { return }
            FileHandle.standardError.write(Data(((style == .live ? "\r\u{1B}[K" : "") + message + "\n").utf8))
        }
    }

    func line(now: Date) -> String {
        let elapsed = max(now.timeIntervalSince(started), 1e-6)
        let rate = Double(done) / elapsed
        var text = "\(label)  \(done)/\(total) items  \(String(format: "%.1f", rate))/s"
        if done > 0, done < total {
            text += "  ETA \(Self.duration(Double(total - done) / rate))"
        } else {
            text += "  \(Self.duration(elapsed))"
        }
        return text
    }

    private func show(_ text: String, final: Bool) {
        switch style {
        case .quiet: return
        case .live: FileHandle.standardError.write(Data(("\r\u{1B}[K" + text + (final ? "\n" : "")).utf8))
        case .log: FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    static func duration(_ seconds: Double) -> String {
        seconds < 60 ? String(format: "%.1fs", seconds) : String(format: "%dm%02ds", Int(seconds) / 60, Int(seconds) % 60)
    }
}
