import Foundation
import ZooKeeperLab

/// The seed of the leftover-data faults (facts §7d): the data directory of a one-node "throwaway" quorum restarted
/// until its epoch is ahead of a fresh ensemble's, then stopped so its files are complete. Copied into a member's
/// data directory it makes that member loop between FOLLOWING and LOOKING, or take the ensemble over.
enum LeftoverEpochSeed {
    /// Runs `body` with the seed directory and the throwaway's last epoch; the directory lives until `body` ends.
    static func with(restarts: Int = 3, _ body: (_ seed: URL, _ epoch: UInt64) async throws -> Void) async throws {
        var options = LabOptions(members: 1, topology: .quorum, tickTimeMilliseconds: 500)
        options.adminServer = false
        try await LabEnsemble.with(options) { throwaway in
            for _ in 0..<restarts {
                try await throwaway.stop(1)
                try await throwaway.start(1)
            }
            let epoch = try await FourLetterWordProbe.epoch(throwaway, 1)
            try await throwaway.stop(1)
            guard let member = throwaway.member(1) else { throw LabError("the throwaway lab has no member 1") }
            try await body(URL(fileURLWithPath: member.dataDir), epoch)
        }
    }
}
