import Testing
import ZooKeeperJute

@testable import ZooKeeperClient

private typealias Machine = ConnectionStateMachine
private typealias RequestID = ConnectionStateMachine.RequestID

private let ms: Int64 = 1_000_000

/// A machine driven through a successful handshake with a 3000 ms negotiated timeout, so the read
/// timeout is 2000 ms and pings are due every 1000 ms.
private func connectedMachine(hosts: Int = 3, maxInFlight: Int = 1024) -> Machine {
    var machine = Machine(
        configuration: .init(hostCount: hosts, sessionTimeoutMilliseconds: 3000, maxInFlight: maxInFlight))
    _ = machine.connectRequested(now: 0)
    _ = machine.channelActive(now: 0)
    _ = machine.handshakeReceived(
        ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: Array(repeating: 7, count: 16)), now: 0)
    return machine
}

private func id(_ value: UInt64) -> RequestID { RequestID(rawValue: value) }

/// The connection logic, checked without sockets or clocks.
@Suite struct ConnectionStateMachineTests {
    @Test func handshakeThenRequestAndReply() {
        var machine = Machine(
            configuration: .init(hostCount: 2, sessionTimeoutMilliseconds: 4000, readOnlyAllowed: true))
        #expect(
            machine.connectRequested(now: 0) == [
                .stateChanged(.connecting), .connect(hostIndex: 0, delayNanoseconds: 0),
            ])
        #expect(machine.connectRequested(now: 0) == [])
        let handshake = machine.channelActive(now: 5)
        #expect(
            handshake == [
                .sendConnectRequest(
                    ConnectRequest(
                        protocolVersion: 0, lastZxidSeen: 0, timeOut: 4000, sessionId: 0,
                        passwd: [UInt8](repeating: 0, count: 16), readOnly: true))
            ])
        #expect(machine.isHandshaking)
        // A request submitted before the session exists waits in the queue.
        #expect(machine.requestSubmitted(id(1), deadline: 10_000 * ms) == .none)
        #expect(machine.nextRequestToSend(now: 6) == nil)
        let connected = machine.handshakeReceived(
            ConnectResponse(timeOut: 4000, sessionId: 99, passwd: [1, 2], readOnly: true), now: 10)
        #expect(connected == [.stateChanged(.connected(readOnly: true))])
        #expect(machine.sessionId == 99)
        let next = machine.nextRequestToSend(now: 11)
        #expect(next?.id == id(1))
        #expect(next?.xid == 1)
        #expect(machine.replyReceived(ReplyHeader(xid: 1, zxid: 17, err: .ok), now: 12) == [.deliver(id(1))])
        #expect(machine.lastZxidSeen == 17)
        #expect(machine.inFlightCount == 0)
    }

    @Test func pingsOnTheTimerAndReadTimeoutMovesToTheNextHost() {
        var machine = connectedMachine()
        #expect(machine.readTimeoutNanoseconds == 2000 * ms)
        #expect(machine.pingIntervalNanoseconds == 1000 * ms)
        #expect(machine.timerFired(now: 999 * ms) == [])
        #expect(machine.timerFired(now: 1000 * ms) == [.sendPing])
        #expect(machine.timerFired(now: 1500 * ms) == [])
        // The ping reply counts as traffic: no timeout yet.
        #expect(machine.replyReceived(ReplyHeader(xid: SpecialXid.ping, zxid: 5, err: .ok), now: 1900 * ms) == [])
        #expect(machine.timerFired(now: 2900 * ms) == [.sendPing])
        // A request goes out, then the server falls silent.
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.nextRequestToSend(now: 2950 * ms)
        let actions = machine.timerFired(now: 3900 * ms)
        #expect(actions.count == 4)
        #expect(
            actions.first.map { if case .closeConnection(.operationTimeout, _) = $0 { true } else { false } } == true)
        #expect(
            actions.dropFirst() == [
                .stateChanged(.connecting), .failMany([id(1)], .operationTimeout),
                .connect(hostIndex: 1, delayNanoseconds: 0),
            ])
        // The next handshake resumes the same session from the last zxid seen.
        machine.connectStarted(now: 3900 * ms)
        #expect(
            machine.channelActive(now: 3901 * ms) == [
                .sendConnectRequest(
                    ConnectRequest(
                        lastZxidSeen: 5, timeOut: 3000, sessionId: 0x42, passwd: Array(repeating: 7, count: 16)))
            ])
    }

    @Test func queuedRequestsSurviveAReconnect() {
        var machine = connectedMachine(maxInFlight: 1)
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.requestSubmitted(id(2), deadline: 60_000 * ms)
        #expect(machine.nextRequestToSend(now: 1)?.id == id(1))
        #expect(machine.nextRequestToSend(now: 1) == nil)  // window of one is full
        let lost = machine.channelClosed(now: 2)
        #expect(lost.contains(.failMany([id(1)], .connectionLoss)))
        #expect(machine.queuedCount == 1)
        _ = machine.channelActive(now: 3)
        _ = machine.handshakeReceived(ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: []), now: 4)
        let resent = machine.nextRequestToSend(now: 5)
        #expect(resent?.id == id(2))
        #expect(resent?.xid == 2)
    }

    @Test func windowLimitsRequestsInFlight() {
        var machine = connectedMachine(maxInFlight: 2)
        for n in 1...3 { _ = machine.requestSubmitted(id(UInt64(n)), deadline: 60_000 * ms) }
        #expect(machine.nextRequestToSend(now: 1)?.xid == 1)
        #expect(machine.nextRequestToSend(now: 1)?.xid == 2)
        #expect(machine.nextRequestToSend(now: 1) == nil)
        #expect(machine.replyReceived(ReplyHeader(xid: 1, zxid: 1, err: .ok), now: 2) == [.deliver(id(1))])
        #expect(machine.nextRequestToSend(now: 2)?.id == id(3))
    }

    @Test func aRequestTheDriverCouldNotWriteLeavesNoGap() {
        var machine = connectedMachine()
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.requestSubmitted(id(2), deadline: 60_000 * ms)
        let first = machine.nextRequestToSend(now: 1)
        machine.requestNotSent(id(1))
        #expect(first?.xid == 1)
        #expect(machine.inFlightCount == 0)
        let second = machine.nextRequestToSend(now: 1)
        #expect(second?.id == id(2))
        #expect(
            machine.replyReceived(ReplyHeader(xid: second?.xid ?? 0, zxid: 1, err: .ok), now: 2) == [.deliver(id(2))])
    }

    @Test func xidMismatchIsAConnectionError() {
        var machine = connectedMachine()
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.requestSubmitted(id(2), deadline: 60_000 * ms)
        _ = machine.nextRequestToSend(now: 1)
        _ = machine.nextRequestToSend(now: 1)
        let actions = machine.replyReceived(ReplyHeader(xid: 2, zxid: 1, err: .ok), now: 2)
        #expect(
            actions.first.map { if case .closeConnection(.marshallingError, _) = $0 { true } else { false } } == true)
        #expect(actions.contains(.failMany([id(1), id(2)], .marshallingError)))
        #expect(actions.contains(.connect(hostIndex: 1, delayNanoseconds: 0)))
        #expect(machine.inFlightCount == 0)
    }

    @Test func unexpectedReplyIsAConnectionError() {
        var machine = connectedMachine()
        let actions = machine.replyReceived(ReplyHeader(xid: 5, zxid: 1, err: .ok), now: 2)
        #expect(actions.contains(.stateChanged(.connecting)))
    }

    @Test func expiredSessionOnReconnectIsTerminal() {
        var machine = connectedMachine()
        _ = machine.channelClosed(now: 1)
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.channelActive(now: 2)
        let actions = machine.handshakeReceived(ConnectResponse(timeOut: 0, sessionId: 0, passwd: []), now: 3)
        #expect(actions.contains(.stateChanged(.expired)))
        #expect(actions.contains(.failMany([id(1)], .sessionExpired)))
        #expect(machine.isTerminal)
        #expect(machine.requestSubmitted(id(2), deadline: 60_000 * ms) == .fail(id(2), .sessionExpired))
        #expect(machine.channelClosed(now: 4) == [])
        #expect(machine.closeRequested(now: 5) == [.stateChanged(.closed)])
    }

    @Test func requestDeadlinesFailCallersAndLateRepliesAreDropped() {
        var machine = connectedMachine()
        _ = machine.requestSubmitted(id(1), deadline: 500 * ms)
        _ = machine.nextRequestToSend(now: 1)
        _ = machine.requestSubmitted(id(2), deadline: 400 * ms)
        _ = machine.nextRequestToSend(now: 1)
        _ = machine.requestSubmitted(id(3), deadline: 450 * ms)
        #expect(machine.timerFired(now: 300 * ms) == [])
        #expect(machine.timerFired(now: 460 * ms) == [.failMany([id(3), id(2)], .operationTimeout)])
        #expect(machine.timerFired(now: 500 * ms) == [.failMany([id(1)], .operationTimeout)])
        // The late replies still keep the stream in step, but nobody is told twice.
        #expect(machine.replyReceived(ReplyHeader(xid: 1, zxid: 1, err: .ok), now: 600 * ms) == [])
        #expect(machine.replyReceived(ReplyHeader(xid: 2, zxid: 1, err: .ok), now: 600 * ms) == [])
        #expect(machine.inFlightCount == 0)
    }

    @Test func watchesAreRegisteredOnlyOnSuccessAndRestoredAfterReconnect() {
        var machine = connectedMachine()
        let registrations: [(WatchRegistration, ErrorCode)] = [
            (.data("/d"), .ok), (.data("/failed"), .noNode), (.exists("/e"), .noNode), (.exists("/d2"), .ok),
            (.child("/c"), .ok), (.persistent("/p"), .ok), (.persistentRecursive("/r"), .ok),
        ]
        for (n, (registration, _)) in registrations.enumerated() {
            _ = machine.requestSubmitted(id(UInt64(n + 1)), deadline: 60_000 * ms, watch: registration)
            _ = machine.nextRequestToSend(now: 1)
        }
        for (n, (_, result)) in registrations.enumerated() {
            _ = machine.replyReceived(ReplyHeader(xid: Int32(n + 1), zxid: 40 + Int64(n), err: result), now: 2)
        }
        #expect(machine.watches.data == ["/d", "/d2"])
        #expect(machine.watches.exist == ["/e"])
        machine.watchEventReceived(WatcherEvent(type: .nodeDataChanged, state: .syncConnected, path: "/d2"), now: 3)
        machine.watchEventReceived(WatcherEvent(type: .nodeCreated, state: .syncConnected, path: "/r/x"), now: 3)
        _ = machine.channelClosed(now: 4)
        _ = machine.channelActive(now: 5)
        let actions = machine.handshakeReceived(ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: []), now: 6)
        #expect(
            actions == [
                .stateChanged(.connected(readOnly: false)),
                .sendSetWatches(
                    [
                        SetWatches2(
                            relativeZxid: 46, dataWatches: ["/d"], existWatches: ["/e"], childWatches: ["/c"],
                            persistentWatches: ["/p"], persistentRecursiveWatches: ["/r"])
                    ], .setWatches2),
            ])
        // A server that refuses SetWatches2 gets the old SetWatches instead.
        let fallback = machine.replyReceived(
            ReplyHeader(xid: SpecialXid.setWatches, zxid: 0, err: .unimplemented), now: 7)
        #expect(fallback.count == 1)
        if case .sendSetWatches(_, let opCode) = fallback.first { #expect(opCode == .setWatches) }
    }

    @Test func setWatchesIsSplitIntoBatchesBelowTheLimit() {
        var registry = WatchRegistry()
        for n in 0..<100 { registry.data.insert("/node-\(n)") }
        let batches = registry.setWatchesBatches(relativeZxid: 1, maxBytes: 200)
        #expect(batches.count > 1)
        #expect(batches.flatMap(\.dataWatches).count == 100)
        for batch in batches { #expect(batch.dataWatches.reduce(0) { $0 + $1.utf8.count + 4 } <= 200) }
    }

    @Test func authFailureEndsTheSession() throws {
        var machine = connectedMachine()
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.nextRequestToSend(now: 1)
        let packet = AuthPacket(scheme: "digest", auth: Array("u:p".utf8))
        #expect(machine.authSubmitted(id(2), packet: packet) == [.sendAuth(packet)])
        let actions = machine.replyReceived(ReplyHeader(xid: SpecialXid.auth, zxid: 0, err: .authFailed), now: 2)
        #expect(actions.last == .fail(id(2), .authFailed))
        #expect(actions.contains(.failMany([id(1)], .authFailed)))
        #expect(actions.contains(.stateChanged(.authFailed)))
        // The state is published before any caller is failed.
        let published = try #require(actions.firstIndex(of: .stateChanged(.authFailed)))
        let failed = try #require(actions.firstIndex(of: .failMany([id(1)], .authFailed)))
        #expect(published < failed)
        #expect(machine.wireState == .authFailed)
    }

    @Test func credentialsAreReplayedAfterReconnect() {
        var machine = connectedMachine()
        let packet = AuthPacket(scheme: "digest", auth: Array("u:p".utf8))
        _ = machine.authSubmitted(id(1), packet: packet)
        #expect(
            machine.replyReceived(ReplyHeader(xid: SpecialXid.auth, zxid: 0, err: .ok), now: 1) == [.deliver(id(1))])
        _ = machine.channelClosed(now: 2)
        _ = machine.channelActive(now: 3)
        let actions = machine.handshakeReceived(ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: []), now: 4)
        #expect(actions == [.stateChanged(.connected(readOnly: false)), .sendAuth(packet)])
        #expect(machine.replyReceived(ReplyHeader(xid: SpecialXid.auth, zxid: 0, err: .ok), now: 5) == [])
    }

    @Test func backoffAfterAFullRoundOfFailedConnects() {
        var machine = Machine(
            configuration: .init(
                hostCount: 2, sessionTimeoutMilliseconds: 3000, backoffBaseNanoseconds: 50 * ms,
                backoffMaxNanoseconds: 120 * ms))
        _ = machine.connectRequested(now: 0)
        #expect(machine.channelClosed(now: 1).last == .connect(hostIndex: 1, delayNanoseconds: 0))
        machine.connectStarted(now: 1)
        #expect(machine.channelClosed(now: 2).last == .connect(hostIndex: 0, delayNanoseconds: 50 * ms))
        machine.connectStarted(now: 2)
        #expect(machine.channelClosed(now: 3).last == .connect(hostIndex: 1, delayNanoseconds: 0))
        machine.connectStarted(now: 3)
        #expect(machine.channelClosed(now: 4).last == .connect(hostIndex: 0, delayNanoseconds: 100 * ms))
        machine.connectStarted(now: 4)
        _ = machine.channelClosed(now: 5)
        machine.connectStarted(now: 5)
        #expect(machine.channelClosed(now: 6).last == .connect(hostIndex: 0, delayNanoseconds: 120 * ms))
        #expect(machine.wireState == .connecting)
    }

    @Test func handshakeTimeoutTriesTheNextHost() {
        var machine = Machine(
            configuration: .init(hostCount: 3, sessionTimeoutMilliseconds: 3000, connectTimeoutNanoseconds: 1000 * ms))
        _ = machine.connectRequested(now: 0)
        _ = machine.channelActive(now: 0)
        #expect(machine.timerFired(now: 999 * ms) == [])
        #expect(machine.timerFired(now: 1000 * ms).last == .connect(hostIndex: 1, delayNanoseconds: 0))
    }

    @Test func gracefulClose() {
        var machine = connectedMachine()
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        let actions = machine.closeRequested(now: 1)
        #expect(actions == [.failMany([id(1)], .closing), .sendCloseSession(xid: 1)])
        #expect(machine.requestSubmitted(id(2), deadline: 60_000 * ms) == .fail(id(2), .closing))
        let closed = machine.replyReceived(ReplyHeader(xid: 1, zxid: 9, err: .ok), now: 2)
        #expect(closed.last == .stateChanged(.closed))
        #expect(machine.isTerminal)
    }

    @Test func closeTimesOutWhenTheServerIsSilent() {
        var machine = connectedMachine()
        _ = machine.closeRequested(now: 0)
        #expect(machine.timerFired(now: 1999 * ms).isEmpty)
        #expect(machine.timerFired(now: 2000 * ms).last == .stateChanged(.closed))
    }

    @Test func closeWhileDisconnectedFailsEverything() {
        var machine = Machine(configuration: .init(hostCount: 1))
        _ = machine.connectRequested(now: 0)
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        let actions = machine.closeRequested(now: 1)
        #expect(actions.last == .failMany([id(1)], .closing))
        #expect(actions.contains(.stateChanged(.closed)))
    }
}

/// Cancelled callers, as a pure transition: queued requests are dropped unsent, written ones stay
/// in the xid FIFO (abandoned) so later replies still match, and nobody is failed twice.
@Suite struct ConnectionStateMachineCancellationTests {
    private func ids(_ lower: UInt64, _ upper: UInt64) -> Range<RequestID> { id(lower)..<id(upper) }

    @Test func queuedRequestCancelledIsNeverSent() {
        var machine = connectedMachine(maxInFlight: 1)
        _ = machine.requestSubmitted(id(1), deadline: 10_000 * ms)
        _ = machine.requestSubmitted(id(2), deadline: 10_000 * ms, watch: .data("/w"))
        _ = machine.requestSubmitted(id(3), deadline: 10_000 * ms)
        #expect(machine.nextRequestToSend(now: 1)?.id == id(1))
        #expect(machine.requestsCancelled(ids(2, 3)) == [.failMany([id(2)], .cancelled)])
        #expect(machine.queuedCount == 1)
        #expect(machine.replyReceived(ReplyHeader(xid: 1, zxid: 2, err: .ok), now: 2) == [.deliver(id(1))])
        let next = machine.nextRequestToSend(now: 3)
        #expect(next?.id == id(3))
        #expect(next?.xid == 2)
        #expect(machine.watches.isEmpty, "the cancelled request's watch was never asked for")
    }

    @Test func writtenRequestCancelledStaysInTheFifoAndItsReplyIsDropped() {
        var machine = connectedMachine()
        _ = machine.requestSubmitted(id(1), deadline: 1000 * ms, watch: .data("/w"))
        _ = machine.requestSubmitted(id(2), deadline: 10_000 * ms)
        _ = machine.nextRequestToSend(now: 1)
        _ = machine.nextRequestToSend(now: 1)
        #expect(machine.requestsCancelled(ids(1, 2)) == [.failMany([id(1)], .cancelled)])
        #expect(machine.inFlightCount == 2, "still on the wire: its reply will come")
        // Cancelling again, or the deadline passing, fails nobody a second time.
        #expect(machine.requestsCancelled(ids(1, 2)) == [])
        #expect(machine.timerFired(now: 1000 * ms) == [], "past its deadline, but already failed")
        #expect(machine.inFlightCount == 2)
        // The dropped reply is consumed; its watch is recorded (the server set it); the next reply
        // reaches its own caller.
        #expect(machine.replyReceived(ReplyHeader(xid: 1, zxid: 3, err: .ok), now: 1001 * ms) == [])
        #expect(machine.watches.data == ["/w"])
        #expect(machine.replyReceived(ReplyHeader(xid: 2, zxid: 4, err: .ok), now: 1002 * ms) == [.deliver(id(2))])
        #expect(machine.inFlightCount == 0)
        // After a reconnect the watch is restored with the others.
        let lost = machine.channelClosed(now: 1003 * ms)
        #expect(!lost.contains { if case .failMany = $0 { true } else { false } })
        _ = machine.channelActive(now: 1004 * ms)
        let resumed = machine.handshakeReceived(
            ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: Array(repeating: 7, count: 16)), now: 1005 * ms)
        var restored = SetWatches2(relativeZxid: 4)
        restored.dataWatches = ["/w"]
        #expect(resumed.contains(.sendSetWatches([restored], .setWatches2)))
    }

    @Test func cancellationAfterTheAnswerOrOfUnknownIdsDoesNothing() {
        var machine = connectedMachine()
        _ = machine.requestSubmitted(id(1), deadline: 10_000 * ms)
        _ = machine.nextRequestToSend(now: 1)
        #expect(machine.replyReceived(ReplyHeader(xid: 1, zxid: 2, err: .ok), now: 2) == [.deliver(id(1))])
        #expect(machine.requestsCancelled(ids(1, 2)) == [])
        #expect(machine.requestsCancelled(ids(7, 9)) == [])
        #expect(machine.requestsCancelled(ids(3, 3)) == [])
    }

    @Test func aCancelledRequestIsNotFailedAgainWhenTheConnectionDrops() {
        var machine = connectedMachine()
        for raw in 1...3 { _ = machine.requestSubmitted(id(UInt64(raw)), deadline: 10_000 * ms) }
        _ = machine.nextRequestToSend(now: 1)
        _ = machine.nextRequestToSend(now: 1)
        // A batch of three: one queued, two written.
        #expect(machine.requestsCancelled(ids(2, 4)) == [.failMany([id(3), id(2)], .cancelled)])
        let lost = machine.channelClosed(now: 2)
        #expect(lost.contains(.failMany([id(1)], .connectionLoss)))
        #expect(machine.queuedCount == 0)
    }

    @Test func credentialsNotYetSentAreDroppedWhenCancelled() {
        var machine = Machine(configuration: .init(hostCount: 1, sessionTimeoutMilliseconds: 3000))
        _ = machine.connectRequested(now: 0)
        _ = machine.channelActive(now: 0)
        #expect(machine.authSubmitted(id(1), packet: AuthPacket(scheme: "digest", auth: [1])) == [])
        #expect(machine.requestsCancelled(ids(1, 2)) == [.failMany([id(1)], .cancelled)])
        let connected = machine.handshakeReceived(
            ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: Array(repeating: 7, count: 16)), now: 1)
        #expect(connected == [.stateChanged(.connected(readOnly: false))], "no auth packet sent")
        // Sent credentials stay part of the session; only the caller stops waiting.
        let packet = AuthPacket(scheme: "digest", auth: [2])
        #expect(machine.authSubmitted(id(2), packet: packet) == [.sendAuth(packet)])
        #expect(machine.requestsCancelled(ids(2, 3)) == [.failMany([id(2)], .cancelled)])
        #expect(machine.replyReceived(ReplyHeader(xid: SpecialXid.auth, zxid: 0, err: .ok), now: 2) == [])
    }
}
