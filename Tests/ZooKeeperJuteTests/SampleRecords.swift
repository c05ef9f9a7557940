import NIOCore
import ZooKeeperJute

/// One sample of every record type, with a type-erased decoder, shared by the round-trip,
/// truncation and fuzz tests.
struct RecordSample: Sendable, CustomStringConvertible {
    let name: String
    let bytes: [UInt8]
    /// Bytes at the end that a decoder may legitimately go without (ConnectRequest/Response's
    /// read-only flag).
    let optionalTail: Int
    let roundTrips: @Sendable () throws -> Bool
    let decode: @Sendable (inout ByteBuffer) throws -> Void

    init<R: JuteRecord>(_ record: R, optionalTail: Int = 0) {
        self.name = String(describing: R.self)
        let buffer = record.encoded()
        let bytes = Array(buffer.readableBytesView)
        self.bytes = bytes
        self.optionalTail = optionalTail
        self.roundTrips = {
            var buffer = ByteBuffer(bytes: bytes)
            let decoded = try R.decode(from: &buffer)
            return decoded == record && buffer.readableBytes == 0
        }
        self.decode = { buffer in _ = try R.decode(from: &buffer) }
    }

    var description: String { name }
}

let sampleStat = Stat(
    czxid: 0x1_0000_0002, mzxid: 0x1_0000_0005, ctime: 1_700_000_000_000, mtime: 1_700_000_000_500, version: 3,
    cversion: 2, aversion: 1, ephemeralOwner: 0x7FFF_0000_1234, dataLength: 5, numChildren: 2, pzxid: 0x1_0000_0004)

let sampleACL = [ACL(perms: .all, id: .anyone), ACL(perms: [.read, .write], id: Id(scheme: "digest", id: "u:h="))]

let allSamples: [RecordSample] = [
    RecordSample(sampleStat),
    RecordSample(Id(scheme: "world", id: "anyone")),
    RecordSample(ACL(perms: .read, id: Id(scheme: "ip", id: "127.0.0.1"))),
    RecordSample(
        ConnectRequest(lastZxidSeen: 42, timeOut: 4000, sessionId: 7, passwd: Array(0..<16), readOnly: true),
        optionalTail: 1),
    RecordSample(
        ConnectResponse(timeOut: 4000, sessionId: 0x0100_0000_0000_0001, passwd: Array(0..<16), readOnly: false),
        optionalTail: 1),
    RecordSample(AuthPacket(scheme: "digest", auth: Array("user:pw".utf8))),
    RecordSample(RequestHeader(xid: 12, type: .getData)),
    RecordSample(ReplyHeader(xid: 12, zxid: 99, err: .noNode)),
    RecordSample(MultiHeader(type: .create, done: false, err: ErrorCode(rawValue: -1))),
    RecordSample(ErrorResponse(err: .badVersion)),
    RecordSample(GetDataRequest(path: "/a/b", watch: true)),
    RecordSample(GetDataResponse(data: Array("hello".utf8), stat: sampleStat)),
    RecordSample(SetDataRequest(path: "/a", data: [1, 2, 3], version: 4)),
    RecordSample(StatResponse(stat: sampleStat)),
    RecordSample(CreateRequest(path: "/n", data: [9], acl: sampleACL, flags: .ephemeralSequential)),
    RecordSample(CreateTTLRequest(path: "/t", data: [], acl: ACL.openUnsafe, flags: .persistentWithTTL, ttl: 5000)),
    RecordSample(PathResponse(path: "/n0000000001")),
    RecordSample(Create2Response(path: "/n", stat: sampleStat)),
    RecordSample(PathVersionRequest(path: "/d", version: -1)),
    RecordSample(PathRequest(path: "/sync")),
    RecordSample(StringListResponse(strings: ["a", "bb", "ccc"])),
    RecordSample(GetChildren2Response(children: ["x", "y"], stat: sampleStat)),
    RecordSample(GetAllChildrenNumberResponse(totalNumber: 2312)),
    RecordSample(SetACLRequest(path: "/acl", acl: sampleACL, version: 0)),
    RecordSample(GetACLResponse(acl: sampleACL, stat: sampleStat)),
    RecordSample(WatcherEvent(type: .nodeDataChanged, state: .syncConnected, path: "/w")),
    RecordSample(SetWatches(relativeZxid: 77, dataWatches: ["/d"], existWatches: ["/e"], childWatches: ["/c"])),
    RecordSample(
        SetWatches2(
            relativeZxid: 77, dataWatches: ["/d"], existWatches: [], childWatches: ["/c"], persistentWatches: ["/p"],
            persistentRecursiveWatches: ["/r", "/r2"])),
    RecordSample(AddWatchRequest(path: "/p", mode: .persistentRecursive)),
    RecordSample(WatchesRequest(path: "/rw", type: .children)),
    RecordSample(
        MultiRequest(operations: [
            .create(CreateRequest(path: "/m", data: [1], acl: ACL.openUnsafe, flags: .persistent)),
            .createTTL(CreateTTLRequest(path: "/m2", data: [], acl: ACL.openUnsafe, flags: .persistentWithTTL, ttl: 9)),
            .delete(DeleteRequest(path: "/m3", version: 2)),
            .setData(SetDataRequest(path: "/m4", data: [4], version: -1)),
            .check(CheckVersionRequest(path: "/m5", version: 0)),
        ])),
    RecordSample(
        MultiResponse(results: [
            .create(path: "/m", stat: nil), .create(path: "/m2", stat: sampleStat), .delete, .setData(sampleStat),
            .check, .getChildren(["a"]), .getData([1], sampleStat), .error(.noNode),
        ])),
]
