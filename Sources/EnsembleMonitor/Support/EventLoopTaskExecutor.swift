import NIOCore

/// Runs the jobs of the tasks that prefer it on one NIO event loop.
///
/// `serve`'s HTTP side (accepting, reading requests, rendering `/metrics`, writing responses) runs on a loop of its
/// own through this executor, so a scrape never queues behind the hundreds of polling jobs per second that share
/// the global executor and NIO's singleton loops: with 100 ensembles on two cores, a scrape waiting in that queue
/// was what made its p99 swing from 40 ms to over 300 ms.
final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    /// The loop every job runs on.
    let eventLoop: any EventLoop

    /// An executor on `eventLoop`.
    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
