import Testing

@testable import ZooKeeperClient

extension CyrusSASLTests {
    /// Cyrus SASL's DIGEST-MD5 client, driven without a server: the first step, an answer to a challenge shaped like
    /// the one ZooKeeper's Java server sends, and the failures an operator must be able to act on.
    @Suite struct SASLMechanismSessionTests {
        private func session(password: String = "bobsecret", mechanism: String = "DIGEST-MD5") throws
            -> SASLMechanismSession
        {
            try SASLMechanismSession(
                mechanism: mechanism, service: "zookeeper", host: "zk-sasl-md5", user: "bob",
                password: Array(password.utf8))
        }

        @Test func digestMD5StartsWithAnEmptyTokenAndWaitsForTheServer() throws {
            let session = try session()
            let step = try session.start()
            #expect(step == .init(token: [], complete: false))
            #expect(session.chosenMechanism == "DIGEST-MD5")
        }

        @Test func answersAChallengeForTheZooKeeperServiceWithoutRevealingThePassword() throws {
            let session = try session()
            _ = try session.start()
            let challenge =
                "realm=\"zk-sasl-md5\",nonce=\"OA6MG9tEQGm2hh\",qop=\"auth\",charset=utf-8,algorithm=md5-sess"
            let step = try session.step(challenge: Array(challenge.utf8))
            #expect(step.complete == false)
            let response = String(decoding: step.token ?? [], as: UTF8.self)
            #expect(response.contains("username=\"bob\""))
            #expect(response.contains("realm=\"zk-sasl-md5\""))
            #expect(response.contains("digest-uri=\"zookeeper/zk-sasl-md5\""))
            #expect(response.contains("nonce=\"OA6MG9tEQGm2hh\""))
            #expect(response.contains("qop=auth"))
            #expect(response.contains("response="))
            #expect(!response.contains("bobsecret"))
            session.dispose()
            session.dispose()
        }

        @Test func exchangesOnManyThreadsAtOnceEachGetTheirOwnAnswer() async throws {
            let challenge = Array(
                "realm=\"zk-sasl-md5\",nonce=\"n\",qop=\"auth\",charset=utf-8,algorithm=md5-sess".utf8)
            let users = (0..<32).map { "user\($0)" }
            let answers = await withTaskGroup(of: (String, String).self) { group in
                for user in users {
                    group.addTask {
                        guard
                            let session = try? SASLMechanismSession(
                                mechanism: "DIGEST-MD5", service: "zookeeper", host: "zk-sasl-md5", user: user,
                                password: Array("pw".utf8)),
                            (try? session.start()) != nil, let step = try? session.step(challenge: challenge)
                        else { return (user, "") }
                        return (user, String(decoding: step.token ?? [], as: UTF8.self))
                    }
                }
                var answers: [String: String] = [:]
                for await (user, answer) in group { answers[user] = answer }
                return answers
            }
            for user in users { #expect(answers[user]?.contains("username=\"\(user)\"") == true) }
        }

        @Test func aMalformedChallengeIsAFailureNotACrash() throws {
            let session = try session()
            _ = try session.start()
            #expect(throws: SASLMechanismSession.Failure.self) {
                try session.step(challenge: Array("this is not a digest challenge".utf8))
            }
        }

        @Test func anUnknownMechanismNamesThePluginPackage() throws {
            let session = try session(mechanism: "NO-SUCH-MECH")
            do {
                _ = try session.start()
                Issue.record("an unknown mechanism started")
            } catch {
                #expect(error.message.contains("libsasl2-modules"))
                #expect(error.message.contains("NO-SUCH-MECH"))
            }
        }
    }
}
