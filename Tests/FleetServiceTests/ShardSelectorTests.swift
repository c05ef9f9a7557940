import Testing

@testable import FleetService

@Suite struct ShardSelectorTests {
    @Test func fnv1aMatchesThePublishedVectors() {
        #expect(ShardSelector.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(ShardSelector.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(ShardSelector.fnv1a("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func parsesOnlyValidShards() {
        #expect(ShardSelector(parsing: "0/1") == .all)
        #expect(ShardSelector(parsing: "1/3")?.index == 1)
        #expect(ShardSelector(parsing: "1/3")?.count == 3)
        for bad in ["3/3", "-1/2", "1/0", "1", "a/b", "1/2/3", "", "/2"] {
            #expect(ShardSelector(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test func everyEnsembleBelongsToExactlyOneShard() {
        let names = (0..<200).map { "ensemble-\($0)" }
        let shards = (0..<3).compactMap { ShardSelector(parsing: "\($0)/3") }
        var served: [String] = []
        for shard in shards { served += shard.select(names) }
        #expect(served.sorted() == names.sorted())
        // A stable hash spreads 200 names over 3 shards; none is empty or takes nearly all.
        for shard in shards { #expect((30...110).contains(shard.select(names).count)) }
    }

    @Test func theAssignmentIsFixedAcrossProcesses() {
        // FNV-1a of "foobar" is 0x85944171f73967e8, which is 0 mod 3: the same in every process and on every
        // machine (Swift's seeded hashValue would not be).
        #expect(ShardSelector(parsing: "0/3")?.contains("foobar") == true)
        #expect(ShardSelector(parsing: "1/3")?.contains("foobar") == false)
        #expect(ShardSelector.all.contains("anything"))
    }
}
