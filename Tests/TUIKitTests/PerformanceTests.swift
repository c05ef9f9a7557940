import Foundation
import Testing

@testable import TUIKit

/// The dashboard budget is 30 ms from key press to redraw on a 100,000-node tree; widgets only touch the
/// visible window, so building a whole 200x60 frame must take a small part of that even in a debug build.
/// Thread CPU time is measured, not wall time, so parallel test suites on a busy machine do not make it flaky.
@Suite struct PerformanceTests {
    @Test func keyPressToFrameOnALargeTreeFitsTheBudget() {
        var tree = TreeListView(rowCount: 100_000)
        tree.viewport.select(50_000)
        var durations: [Double] = []
        for step in 0..<21 {
            let start = threadCPUNanoseconds()
            tree.viewport.move(by: step % 2 == 0 ? 1 : 30)
            var screen = Screen(width: 200, height: 60)
            screen.drawBox(screen.bounds, title: "Tree")
            tree.draw(on: &screen, in: screen.bounds.inset(by: 1)) { i in
                TreeRow(
                    depth: i % 9, marker: i % 3 == 0 ? .collapsed : .leaf, name: "node-\(i)-データ",
                    role: i % 5 == 0 ? .nodeEphemeral : .nodePersistent, badges: [Badge("eph")], detail: "\(i) B")
            }
            durations.append(Double(threadCPUNanoseconds() - start) / 1_000_000)
        }
        let median = durations.sorted()[durations.count / 2]
        #expect(median < 30, "median frame build \(median) ms")
    }
}

/// CPU time consumed by the calling thread.
func threadCPUNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
}
