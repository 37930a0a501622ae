import Foundation

/// Runs async work to completion from synchronous code (`Stage.process` is synchronous): the
/// calling thread waits while the work runs.
///
/// The work, and every child task it starts, runs on a dispatch queue of its own (a task
/// executor preference), never on the shared concurrency pool: a caller that is itself a pool
/// thread (a test, an async context) could otherwise block the very threads the work needs.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
        let box = ResultBox<T>()
        let done = DispatchSemaphore(value: 0)
        Task.detached(executorPreference: QueueExecutor.shared) {
            box.value = await work()
            done.signal()
        }
        done.wait()
        return box.value!
    }

    private final class ResultBox<T>: @unchecked Sendable {
        var value: T?
    }

    /// A task executor that runs jobs on a concurrent dispatch queue.
    final class QueueExecutor: TaskExecutor, @unchecked Sendable {
        static let shared = QueueExecutor()
        private let queue = DispatchQueue(label: "curate.rewrite.requests", attributes: .concurrent)

        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
        }
    }
}
