import Testing
import ZooKeeperJute

@testable import ZooKeeperClient

private typealias Machine = ConnectionStateMachine
private typealias RequestID = ConnectionStateMachine.RequestID
private let ms: Int64 = 1_000_000
private func id(_ value: UInt64) -> RequestID { RequestID(rawValue: value) }

/// A SASL machine after the handshake: the exchange has been asked to start.
private func authenticatingMachine(hosts: Int = 3) -> Machine {
    var machine = Machine(configuration: .init(hostCount: hosts, sessionTimeoutMilliseconds: 3000, sasl: true))
    _ = machine.connectRequested(now: 0)
    _ = machine.channelActive(now: 0)
    let actions = machine.handshakeReceived(
        ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: Array(repeating: 7, count: 16)), now: 0)
    precondition(actions == [.startSASL])
    return machine
}

/// The DIGEST-MD5 exchange as the state machine sees it: tokens out with ordinary xids, challenges in, requests
/// held until it is done, replayed after every reconnect, and its failures told apart.
@Suite struct SASLStateMachineTests {
    @Test func digestExchangeHoldsRequestsUntilItCompletes() {
        var machine = authenticatingMachine()
        #expect(machine.wireState == .connecting)
        #expect(machine.isAuthenticating)
        #expect(machine.requestSubmitted(id(1), deadline: 60_000 * ms) == .none)
        #expect(machine.nextRequestToSend(now: 1) == nil)
        // Empty first token (the server speaks first), then the digest response, then rspauth ends it.
        #expect(machine.saslTokenProduced(token: [], complete: false, now: 1) == [.sendSASL(xid: 1, token: [])])
        #expect(machine.replyReceived(ReplyHeader(xid: 1, zxid: 0, err: .ok), now: 2) == [.stepSASL])
        #expect(machine.nextRequestToSend(now: 2) == nil)
        #expect(
            machine.saslTokenProduced(token: [9, 9], complete: false, now: 3) == [.sendSASL(xid: 2, token: [9, 9])])
        #expect(machine.replyReceived(ReplyHeader(xid: 2, zxid: 0, err: .ok), now: 4) == [.stepSASL])
        #expect(
            machine.saslTokenProduced(token: nil, complete: true, now: 5) == [
                .stateChanged(.connected(readOnly: false))
            ])
        // The held request goes out after the SASL packets, with the next xid.
        let next = machine.nextRequestToSend(now: 6)
        #expect(next?.id == id(1))
        #expect(next?.xid == 3)
        #expect(machine.replyReceived(ReplyHeader(xid: 3, zxid: 5, err: .ok), now: 7) == [.deliver(id(1))])
    }

    @Test func aLastTokenIsAnsweredBeforeTheSessionIsReady() {
        var machine = authenticatingMachine()
        #expect(machine.saslTokenProduced(token: [1], complete: true, now: 1) == [.sendSASL(xid: 1, token: [1])])
        #expect(
            machine.replyReceived(ReplyHeader(xid: 1, zxid: 0, err: .ok), now: 2) == [
                .stateChanged(.connected(readOnly: false))
            ])
    }

    @Test func watchesAndCredentialsWaitForTheExchange() {
        var machine = authenticatingMachine()
        let packet = AuthPacket(scheme: "digest", auth: Array("u:p".utf8))
        #expect(machine.authSubmitted(id(1), packet: packet) == [])
        #expect(machine.saslTokenProduced(token: [], complete: false, now: 1) == [.sendSASL(xid: 1, token: [])])
        _ = machine.replyReceived(ReplyHeader(xid: 1, zxid: 0, err: .ok), now: 2)
        #expect(
            machine.saslTokenProduced(token: nil, complete: true, now: 3) == [
                .stateChanged(.connected(readOnly: false)), .sendAuth(packet),
            ])
    }

    @Test func theExchangeIsReplayedAfterEveryReconnect() {
        var machine = authenticatingMachine()
        _ = machine.saslTokenProduced(token: [], complete: false, now: 1)
        _ = machine.replyReceived(ReplyHeader(xid: 1, zxid: 0, err: .ok), now: 2)
        _ = machine.saslTokenProduced(token: nil, complete: true, now: 3)
        #expect(machine.requestSubmitted(id(1), deadline: 60_000 * ms) == .none)
        _ = machine.nextRequestToSend(now: 4)
        // The member dies: the request in flight fails, the next server gets a new handshake and a new exchange.
        let lost = machine.channelClosed(now: 5)
        #expect(lost.contains(.failMany([id(1)], .connectionLoss)))
        #expect(machine.requestSubmitted(id(2), deadline: 60_000 * ms) == .none)
        _ = machine.channelActive(now: 6)
        #expect(
            machine.handshakeReceived(ConnectResponse(timeOut: 3000, sessionId: 0x42, passwd: []), now: 7) == [
                .startSASL
            ])
        #expect(machine.nextRequestToSend(now: 7) == nil)
        #expect(machine.saslTokenProduced(token: [], complete: false, now: 8) == [.sendSASL(xid: 3, token: [])])
        _ = machine.replyReceived(ReplyHeader(xid: 3, zxid: 0, err: .ok), now: 9)
        #expect(
            machine.saslTokenProduced(token: nil, complete: true, now: 10) == [
                .stateChanged(.connected(readOnly: false))
            ])
        #expect(machine.nextRequestToSend(now: 11)?.id == id(2))
    }

    @Test func aRefusedExchangeEndsTheSessionAsSASLFailed() throws {
        var machine = authenticatingMachine()
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.saslTokenProduced(token: [], complete: false, now: 1)
        _ = machine.replyReceived(ReplyHeader(xid: 1, zxid: 0, err: .ok), now: 2)
        _ = machine.saslTokenProduced(token: [7], complete: false, now: 3)
        // With enforcement on, a wrong password is answered with -124 too: it is still a failed exchange.
        let actions = machine.replyReceived(ReplyHeader(xid: 2, zxid: 0, err: .sessionClosedRequireSASLAuth), now: 4)
        #expect(actions.contains(.stateChanged(.authFailed)))
        #expect(actions.contains(.failMany([id(1)], .saslFailed)))
        #expect(machine.isTerminal)
        #expect(machine.terminalCode == .saslFailed)
        #expect(machine.saslFailureDetail?.contains("refused") == true)
        #expect(machine.requestSubmitted(id(3), deadline: 60_000 * ms) == .fail(id(3), .saslFailed))
        // The server closes the connection after its answer: no reconnect.
        #expect(machine.channelClosed(now: 5) == [])
    }

    @Test func aMechanismFailureIsTerminalWithItsReason() {
        var machine = authenticatingMachine()
        let actions = machine.saslMechanismFailed("the SASL mechanism DIGEST-MD5 is not available")
        #expect(actions.contains(.stateChanged(.authFailed)))
        #expect(machine.terminalCode == .saslFailed)
        #expect(machine.saslFailureDetail == "the SASL mechanism DIGEST-MD5 is not available")
    }

    @Test func withoutSASLTheEnsemblesMinus124IsTerminalAndNamed() throws {
        var machine = Machine(configuration: .init(hostCount: 3, sessionTimeoutMilliseconds: 3000))
        _ = machine.connectRequested(now: 0)
        _ = machine.channelActive(now: 0)
        _ = machine.handshakeReceived(ConnectResponse(timeOut: 3000, sessionId: 1, passwd: []), now: 0)
        _ = machine.requestSubmitted(id(1), deadline: 60_000 * ms)
        _ = machine.requestSubmitted(id(2), deadline: 60_000 * ms)
        let next = machine.nextRequestToSend(now: 1)
        let sent = try #require(next)
        let actions = machine.replyReceived(
            ReplyHeader(xid: sent.xid, zxid: 0, err: .sessionClosedRequireSASLAuth), now: 2)
        #expect(
            actions.first
                == .closeConnection(
                    reason: .sessionClosedRequireSASLAuth, message: "the ensemble requires SASL authentication"))
        #expect(actions.contains(.stateChanged(.authFailed)))
        #expect(actions.contains(.failMany([id(1), id(2)], .sessionClosedRequireSASLAuth)))
        #expect(machine.terminalCode == .sessionClosedRequireSASLAuth)
        #expect(machine.channelClosed(now: 3) == [])
    }

    @Test func aPingAnsweredWithMinus124IsTerminalToo() {
        var machine = Machine(configuration: .init(hostCount: 1, sessionTimeoutMilliseconds: 3000))
        _ = machine.connectRequested(now: 0)
        _ = machine.channelActive(now: 0)
        _ = machine.handshakeReceived(ConnectResponse(timeOut: 3000, sessionId: 1, passwd: []), now: 0)
        let actions = machine.replyReceived(
            ReplyHeader(xid: SpecialXid.ping, zxid: 0, err: .sessionClosedRequireSASLAuth), now: 1)
        #expect(actions.contains(.stateChanged(.authFailed)))
        #expect(machine.terminalCode == .sessionClosedRequireSASLAuth)
    }

    @Test func aSilentServerDuringTheExchangeMovesToTheNextHost() {
        var machine = authenticatingMachine()
        _ = machine.saslTokenProduced(token: [], complete: false, now: 1)
        // No ping goes out during the exchange (an enforcing server would answer it with -124).
        #expect(machine.timerFired(now: 500 * ms) == [])
        let actions = machine.timerFired(now: 1000 * ms)
        #expect(
            actions.first
                == .closeConnection(reason: .connectionLoss, message: "no answer to the SASL exchange in time"))
        #expect(actions.contains(.connect(hostIndex: 1, delayNanoseconds: 0)))
        #expect(!machine.isTerminal)
    }

    @Test func aConnectionDroppedMidExchangeReconnects() {
        var machine = authenticatingMachine()
        _ = machine.saslTokenProduced(token: [], complete: false, now: 1)
        let actions = machine.channelClosed(now: 2)
        #expect(actions.contains(.connect(hostIndex: 1, delayNanoseconds: 0)))
        #expect(!machine.isTerminal)
    }

    @Test func aReplyWithAnotherXidDuringTheExchangeIsAProtocolError() {
        var machine = authenticatingMachine()
        _ = machine.saslTokenProduced(token: [], complete: false, now: 1)
        let actions = machine.replyReceived(ReplyHeader(xid: 7, zxid: 0, err: .ok), now: 2)
        #expect(
            actions.first
                == .closeConnection(reason: .marshallingError, message: "reply with xid 7 during the SASL exchange"))
    }

    @Test func errorsNameTheFix() {
        #expect(ZooKeeperError.saslRequired().code == .sessionClosedRequireSASLAuth)
        #expect(ZooKeeperError.saslRequired().description.contains("-124"))
        #expect(ZooKeeperError.saslRequired().description.contains("requires SASL"))
        let failed = ZooKeeperError.saslFailed(
            reason: "the server refused the SASL credentials (AuthFailed(-115))", user: "bob", mechanism: "DIGEST-MD5")
        #expect(failed.code == .saslFailed)
        #expect(failed.description.contains("\"bob\""))
        #expect(failed.description.contains("password"))
        #expect(ErrorCode.saslFailed.name == "SASLFailed")
    }
}
