import Dispatch
import Foundation

/// Runs numbered jobs on a few threads: each thread takes the next index until none is left.
///
/// The one worker loop of the project (stage tasks, shard spilling, trace recording). After the
/// first failure no new job starts, jobs already running finish, and that first error is
/// rethrown. With one thread every job runs on the calling thread, in order.
public enum WorkerPool {
    /// Calls `body` once for every index in `0..<count`, on at most `threads` threads.
    public static func forEach(_ count: Int, threads: Int, _ body: (Int) throws -> Void) throws {
        guard count > 0 else { return }
        let workers = max(1, min(threads, count))
        if workers == 1 {
            for index in 0..<count { try body(index) }
            return
        }
        let queue = JobQueue(count: count)
        withoutActuallyEscaping(body) { body in
            let job = UncheckedJob(body: body)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while let index = queue.next() {
                    do { try job.body(index) } catch { queue.fail(error) }
                }
            }
        }
        if let failure = queue.failure { throw failure }
    }

    /// `body` of every index in `0..<count`, in index order, computed on at most `threads` threads.
    public static func map<T>(_ count: Int, threads: Int, _ body: (Int) throws -> T) throws -> [T] {
        let slots = Slots<T>(count: count)
        try forEach(count, threads: threads) { index in slots.set(index, try body(index)) }
        return slots.values()
    }
}

/// Hands out indices and keeps the first failure.
private final class JobQueue: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var position = 0
    private(set) var failure: Error?

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.withLock {
            guard failure == nil, position < count else { return nil }
            defer { position += 1 }
            return position
        }
    }

    func fail(_ error: Error) { lock.withLock { failure = failure ?? error } }
}

/// A job closure handed to the worker threads; `forEach` does not return before they finish.
private struct UncheckedJob: @unchecked Sendable {
    let body: (Int) throws -> Void
}

/// Results filled in from several threads.
private final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [T?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) { lock.withLock { storage[index] = value } }
    func values() -> [T] { lock.withLock { storage.map { $0! } } }
}
