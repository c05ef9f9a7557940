import NIOCore

/// Runs the jobs of the tasks that prefer it on one NIO event loop.
///
/// Two uses: a monitor's member tasks run on the loop that carries their sockets (a reply resumes its poll on the
/// thread that read it, with no other thread woken), and `serve`'s HTTP side runs on a loop of its own, so a scrape
/// never queues behind the hundreds of polling jobs per second (with 100 ensembles on two cores, a scrape waiting in
/// that queue made its p99 swing from 40 ms to over 300 ms).
public final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    /// The loop every job runs on.
    public let eventLoop: any EventLoop

    /// An executor on `eventLoop`.
    public init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Queues `job` on the loop, behind the work already queued there (a call from the loop itself wakes nothing).
    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
