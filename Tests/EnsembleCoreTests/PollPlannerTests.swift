import Testing
import ZooKeeperAdmin

@testable import EnsembleCore

@Suite("Which sources to ask")
struct PollPlannerTests {
    private let planner = PollPlanner(slowEvery: 5, recheckEvery: 10)

    @Test func firstRoundAsksEverything() {
        let plan = planner.plan(round: 0, previous: nil, hasAdminPort: true)
        #expect(plan.fourLetterWords == [.srvr, .mntr, .conf, .isro, .envi, .cons, .dump, .hash])
        #expect(plan.adminCommands == [.votingView, .zabState, .leader, .monitor])
        #expect(!plan.fourLetterWords.contains { FourLetterWord.forbidden.contains($0.rawValue) })
    }

    @Test("default whitelist: blocked words are skipped, re-tried now and then; the AdminServer fills in")
    func defaultWhitelist() throws {
        let replies = try Capture.replies(
            srvr: "whitelist/standalone-srvr.txt", mntr: "whitelist/standalone-mntr.txt",
            conf: "whitelist/standalone-conf.txt")
        var previous = MemberSnapshot.assemble(endpoint: lab(1), time: 0, replies: replies)
        previous.version = ZooKeeperVersion(parsing: "3.8.0")
        let plan = planner.plan(round: 3, previous: previous, hasAdminPort: true)
        #expect(plan.fourLetterWords == [.srvr, .isro])
        #expect(plan.adminCommands.contains(.monitor))
        let recheck = planner.plan(round: 10, previous: previous, hasAdminPort: true)
        #expect(recheck.fourLetterWords.contains(.mntr))
        #expect(recheck.fourLetterWords.contains(.conf))
    }

    @Test func healthyMemberSkipsMonitorAndSlowWordsBetweenSlowRounds() throws {
        let replies = try Capture.replies(
            srvr: "healthy/leader-srvr.txt", mntr: "healthy/leader-mntr.txt", conf: "healthy/leader-conf.txt")
        let previous = MemberSnapshot.assemble(endpoint: lab(3), time: 0, replies: replies)
        let plan = planner.plan(round: 3, previous: previous, hasAdminPort: true)
        #expect(plan.fourLetterWords == [.srvr, .mntr, .conf, .isro])
        #expect(plan.adminCommands == [.votingView, .zabState, .leader])
        #expect(planner.plan(round: 5, previous: previous, hasAdminPort: false).fourLetterWords.contains(.hash))
        #expect(planner.plan(round: 5, previous: previous, hasAdminPort: false).adminCommands.isEmpty)
    }

    @Test func refusedAdminPortIsRetriedRarely() throws {
        var previous = MemberSnapshot.assemble(
            endpoint: lab(1), time: 0, replies: try Capture.replies(srvr: "healthy/leader-srvr.txt"))
        previous.sources[.adminZabState] = .connectionRefused
        #expect(planner.plan(round: 3, previous: previous, hasAdminPort: true).adminCommands.isEmpty)
        #expect(!planner.plan(round: 20, previous: previous, hasAdminPort: true).adminCommands.isEmpty)
    }
}
