import Testing

@testable import EnsembleCore

/// The ensemble's rules for comparing one thing across members: who holds the odd value (the majority, else
/// the leader, else nobody is trusted), and when a difference counts as confirmed rather than a write still
/// replicating.
@Suite struct ReplicaReferenceTests {
    @Test func oddMembersAreTheMinorityOrDifferFromTheLeader() {
        let values: [(member: String, value: Int)] = [("a", 1), ("b", 1), ("c", 2)]
        #expect(ReplicaReference.oddMembers(values, leader: "c") == ["c"])
        // No majority: the leader's value is the reference; without a leader every member is flagged.
        let split: [(member: String, value: Int)] = [("a", 1), ("b", 2), ("c", 3)]
        #expect(ReplicaReference.oddMembers(split, leader: "b") == ["a", "c"])
        #expect(ReplicaReference.oddMembers(split, leader: nil) == ["a", "b", "c"])
        #expect(ReplicaReference.oddMembers([("a", 1), ("b", 1)], leader: nil).isEmpty)
        #expect(ReplicaReference.oddMembers([("a", 1), ("b", 2)], leader: "a") == ["b"])
        // Half is not a majority: two against two falls back to the leader.
        let even: [(member: String, value: Int)] = [("a", 1), ("b", 1), ("c", 2), ("d", 2)]
        #expect(ReplicaReference.reference(even, leader: "c") == 2)
        #expect(ReplicaReference.reference(even, leader: nil) == nil)
        // A leader that could not be read (not among the values) is no reference.
        #expect(ReplicaReference.oddMembers(split, leader: "z") == ["a", "b", "c"])
    }

    @Test func aDifferenceIsConfirmedOnlyAfterEveryAnsweringMemberAnsweredInALaterRound() {
        var confirmation = DifferenceConfirmation<String>()
        let members = ["a", "b", "c"]
        // Round 0: every member answers; "c lacks x" is seen for the first time.
        for member in members { confirmation.noteAnswer(from: member) }
        #expect(confirmation.unconfirmed(["c lacks x"], answering: members) == ["c lacks x"])
        // Round 1: a and b answered again, c not yet: still unconfirmed.
        confirmation.beginRound()
        confirmation.noteAnswer(from: "a")
        confirmation.noteAnswer(from: "b")
        #expect(confirmation.unconfirmed(["c lacks x"], answering: members) == ["c lacks x"])
        // c answers in round 1 and the difference is still there: confirmed.
        confirmation.noteAnswer(from: "c")
        #expect(confirmation.unconfirmed(["c lacks x"], answering: members).isEmpty)
        // A difference that appears now starts unconfirmed, whatever is confirmed already.
        #expect(confirmation.unconfirmed(["c lacks x", "a lacks y"], answering: members) == ["a lacks y"])
        // One that went away and comes back starts over.
        _ = confirmation.unconfirmed([], answering: members)
        #expect(confirmation.unconfirmed(["c lacks x"], answering: members) == ["c lacks x"])
        // A member that does not answer for the node (still loading) does not hold confirmation back.
        confirmation.beginRound()
        confirmation.noteAnswer(from: "a")
        confirmation.noteAnswer(from: "b")
        #expect(confirmation.unconfirmed(["c lacks x"], answering: ["a", "b"]).isEmpty)
        // Another node: everything is forgotten.
        confirmation.reset()
        #expect(confirmation.unconfirmed(["c lacks x"], answering: members) == ["c lacks x"])
        #expect(confirmation.round == 2)
    }
}
