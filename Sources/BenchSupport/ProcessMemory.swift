import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Resident memory of this process, read from /proc (Linux). The mirror benchmark measures bytes per
/// znode as the RSS growth while a mirror is built, the way the peer baselines were measured.
public enum ProcessMemory {
    /// Current resident set size in bytes (0 where /proc is unavailable).
    public static func residentBytes() -> Int { residentBytes(pid: nil) ?? 0 }

    /// Resident set size of a process (this one when `pid` is nil), nil where /proc cannot tell.
    public static func residentBytes(pid: Int32?) -> Int? {
        let path = pid.map { "/proc/\($0)/statm" } ?? "/proc/self/statm"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// User plus system CPU time of another process so far, in seconds (`/proc/PID/stat`'s clock ticks).
    public static func cpuSeconds(pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Int(fields[11]), let system = Int(fields[12]) else { return nil }
        return Double(user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// The CPU another process used since `before` (its ``cpuSeconds(pid:)`` then) over `seconds` of wall time, in
    /// % of one core; nil without a reading.
    public static func cpuPercent(pid: Int32?, since before: Double?, over seconds: Double) -> Double? {
        guard let pid, let before, let after = cpuSeconds(pid: pid), seconds > 0 else { return nil }
        return (after - before) / seconds * 100
    }

    /// A % of one core as a table cell (`12.3 %`), `-` without a reading.
    public static func percentCell(_ percent: Double?) -> String {
        percent.map { String(format: "%.1f %%", $0) } ?? "-"
    }

    /// Peak resident set size in KiB (`VmHWM`), 0 if unknown.
    public static func peakResidentKiB() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? 0
        }
        return 0
    }

    /// User plus system CPU time this process used so far, in milliseconds.
    public static func cpuMilliseconds() -> Int {
        var usage = rusage()
        #if canImport(Glibc)
            let who = RUSAGE_SELF.rawValue
        #else
            let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0 else { return 0 }
        let user = Int(usage.ru_utime.tv_sec) * 1000 + Int(usage.ru_utime.tv_usec) / 1000
        let system = Int(usage.ru_stime.tv_sec) * 1000 + Int(usage.ru_stime.tv_usec) / 1000
        return user + system
    }

    /// Hands freed heap memory back to the kernel, so an RSS delta counts live data only.
    public static func trim() {
        #if canImport(Glibc)
            // malloc.h is not part of the Glibc module: look the function up at run time.
            typealias Trim = @convention(c) (Int) -> Int32
            if let symbol = dlsym(nil, "malloc_trim") {
                _ = unsafeBitCast(symbol, to: Trim.self)(0)
            }
        #endif
    }
}
