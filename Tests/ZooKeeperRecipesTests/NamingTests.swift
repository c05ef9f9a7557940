import Testing
import ZooKeeperClient

@testable import ZooKeeperRecipes

/// Curator's protected names and node ordering, checked against names Curator 5.4 really makes.
struct NamingTests {
    static let curatorNode = "_c_1b4e28ba-2fa1-4d2b-883f-0016d3cca427-lock-0000000007"

    @Test func protectedNameRoundTrips() {
        let id = ProtectedName.randomID()
        #expect(ProtectedName.isUUID(id))
        #expect(id == id.lowercased())
        let bytes = Array(id.utf8)
        #expect(bytes[14] == UInt8(ascii: "4"), "version 4 UUID")
        #expect([UInt8(ascii: "8"), UInt8(ascii: "9"), UInt8(ascii: "a"), UInt8(ascii: "b")].contains(bytes[19]))
        let name = ProtectedName.make("lock-", id: id) + "0000000001"
        #expect(ProtectedName.id(of: name) == id)
        #expect(ProtectedName.normalize(name) == "lock-0000000001")
        #expect(ProtectedName.prefix(id: id).utf8.count == ProtectedName.prefixLength)
        #expect(ProtectedName.randomID() != id)
    }

    @Test func curatorNamesAreRecognised() {
        #expect(ProtectedName.id(of: Self.curatorNode) == "1b4e28ba-2fa1-4d2b-883f-0016d3cca427")
        #expect(ProtectedName.normalize(Self.curatorNode) == "lock-0000000007")
        // Upper case is still a UUID for Java's UUID.fromString.
        #expect(ProtectedName.id(of: "_c_1B4E28BA-2FA1-4D2B-883F-0016D3CCA427-x") != nil)
    }

    @Test func notProtected() {
        #expect(ProtectedName.id(of: "lock-0000000001") == nil)
        #expect(ProtectedName.id(of: "_c_not-a-uuid-at-all-but-long-enough-xxxxx-lock-0000000001") == nil)
        #expect(ProtectedName.id(of: "_c_1b4e28ba-2fa1-4d2b-883f-0016d3cca427-") == nil, "nothing after the prefix")
        #expect(ProtectedName.id(of: "_c_1b4e28ba-2fa1-4d2b-883f-0016d3cca427_lock") == nil, "wrong separator")
        #expect(ProtectedName.normalize("_c_short-lock-0000000001") == "_c_short-lock-0000000001")
        #expect(!ProtectedName.isUUID("1b4e28ba-2fa1-4d2b-883f-0016d3cca42g"))
        #expect(!ProtectedName.isUUID("1b4e28ba2fa14d2b883f0016d3cca427"))
    }

    @Test func sortKeyIsTheTextAfterTheLastLockName() {
        #expect(LockNodeOrdering.sortKey(Self.curatorNode, lockName: "lock-") == "0000000007")
        // A UUID that contains "lock-"-like text cannot fool it: the last occurrence counts.
        #expect(LockNodeOrdering.sortKey("_c_x-lock-y-lock-0000000003", lockName: "lock-") == "0000000003")
        #expect(LockNodeOrdering.sortKey("stranger", lockName: "lock-") == "stranger")
        #expect(LockNodeOrdering.sortKey("lease-0000000009", lockName: "lease-") == "0000000009")
    }

    @Test func orderIgnoresTheRandomPrefix() {
        let names = [
            "_c_ffffffff-0000-4000-8000-000000000000-lock-0000000002",
            "_c_00000000-0000-4000-8000-000000000000-lock-0000000010",
            "_c_77777777-0000-4000-8000-000000000000-lock-0000000001",
        ]
        let sorted = LockNodeOrdering.sorted(names, lockName: "lock-")
        #expect(sorted.map { LockNodeOrdering.sequence(of: $0) } == [1, 2, 10])
        // A plain sort by name would have put the 0000... UUID first.
        #expect(names.sorted().first != sorted.first)
    }

    @Test func sequenceNumbers() {
        #expect(LockNodeOrdering.sequence(of: Self.curatorNode) == 7)
        #expect(LockNodeOrdering.sequence(of: "lock-2147483647") == 2_147_483_647)
        #expect(LockNodeOrdering.sequence(of: "lock--000000001") == -1, "overflowed counter, %010d of -1")
        #expect(LockNodeOrdering.sequence(of: "lock-00000001") == nil)
        #expect(LockNodeOrdering.sequence(of: "lock-00000x0001") == nil)
        #expect(LockNodeOrdering.sequence(of: "") == nil)
    }
}
