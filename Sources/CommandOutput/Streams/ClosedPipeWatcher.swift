import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Ends the process as soon as the reader of a piped standard output goes away, even while nothing is
/// being written: `zkscope check --follow | head -n 1` would otherwise run until the next event, and
/// `zkscope tree / | head -n 1` would walk on until its next buffer flush. GNU `tail -f` does the same.
///
/// A thread blocks in `poll` on stdout asking for no events; the kernel reports `POLLERR` on a pipe's
/// write end once it has no reader left. Only pipes are watched (a file or terminal never closes that way).
public enum ClosedPipeWatcher {
    /// Starts watching stdout if it is a pipe.
    public static func start() {
        var info = stat()
        guard fstat(1, &info) == 0, (info.st_mode & S_IFMT) == S_IFIFO else { return }
        let thread = Thread {
            var watched = pollfd(fd: 1, events: 0, revents: 0)
            // Bounded: poll blocks until the pipe reports an error or hang-up, or fails; EINTR retries.
            while true {
                let ready = poll(&watched, 1, -1)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return
                }
                if ready > 0 {
                    if watched.revents & Int16(POLLERR | POLLHUP) != 0 { OutputFailure.exitForClosedPipe() }
                    return
                }
            }
        }
        thread.name = "zkscope-stdout-watch"
        thread.start()
    }
}
