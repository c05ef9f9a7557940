import Foundation
import Testing
import ZooKeeperLab

/// The kazoo and Curator witnesses work against a lab, so other suites can trust them.
@Suite(.serialized)
struct WitnessTests {
    static let kazooCreateAndRead = """
        import sys
        from kazoo.client import KazooClient
        zk = KazooClient(hosts=sys.argv[1], timeout=10)
        zk.start(timeout=20)
        zk.create("/witness/kazoo", b"from-kazoo", makepath=True)
        data, stat = zk.get("/witness/kazoo")
        print("data=" + data.decode())
        print("version=%d" % stat.version)
        zk.stop()
        zk.close()
        """

    @Test func kazooCreatesAndReadsAZnode() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let result = try await Kazoo.run(Self.kazooCreateAndRead, arguments: [lab.connectString])
            #expect(result.succeeded, "\(result)")
            #expect(result.lines.contains("data=from-kazoo"))
            #expect(result.lines.contains("version=0"))
        }
    }

    @Test func kazooFailureIsReported() async throws {
        let result = try await Kazoo.run("import sys\nprint('partial')\nsys.exit(3)\n")
        #expect(result.exitCode == 3)
        #expect(!result.succeeded)
        #expect(result.lines == ["partial"])
    }

    @Test func backgroundKazooHoldsAnEphemeralUntilKilled() async throws {
        try await LabEnsemble.with(LabOptions(members: 1, tickTimeMilliseconds: 500)) { lab in
            let holder = try Kazoo.start(
                """
                import sys, time
                from kazoo.client import KazooClient
                zk = KazooClient(hosts=sys.argv[1], timeout=2)
                zk.start(timeout=20)
                zk.create("/held", b"", ephemeral=True)
                print("READY", flush=True)
                time.sleep(600)
                """, arguments: [lab.connectString])
            try await holder.waitForOutput("READY")
            let check = """
                import sys
                from kazoo.client import KazooClient
                zk = KazooClient(hosts=sys.argv[1], timeout=10)
                zk.start(timeout=20)
                print("exists=%s" % (zk.exists("/held") is not None))
                zk.stop()
                """
            let before = try await Kazoo.run(check, arguments: [lab.connectString])
            #expect(before.lines.contains("exists=True"), "\(before)")
            let killed = await holder.kill()
            #expect(killed.exitCode == 128 + 9)
            #expect(!holder.isRunning)
        }
    }

    static let curatorCreate = """
        import org.apache.curator.framework.CuratorFramework;
        import org.apache.curator.framework.CuratorFrameworkFactory;
        import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreMutex;
        import org.apache.curator.retry.ExponentialBackoffRetry;
        import java.util.concurrent.TimeUnit;

        public class CuratorWitnessProbe {
            public static void main(String[] args) throws Exception {
                try (CuratorFramework client = CuratorFrameworkFactory.newClient(args[0], new ExponentialBackoffRetry(200, 5))) {
                    client.start();
                    if (!client.blockUntilConnected(20, TimeUnit.SECONDS)) { System.exit(2); }
                    client.create().creatingParentsIfNeeded().forPath("/witness/curator", "from-curator".getBytes());
                    System.out.println("data=" + new String(client.getData().forPath("/witness/curator")));
                    InterProcessSemaphoreMutex mutex = new InterProcessSemaphoreMutex(client, "/witness/lock");
                    System.out.println("acquired=" + mutex.acquire(10, TimeUnit.SECONDS));
                    mutex.release();
                }
            }
        }
        """

    @Test func curatorCompilesRunsAndKazooSeesItsWrite() async throws {
        try await LabEnsemble.with(LabOptions(members: 3)) { lab in
            let result = try await Curator.run(
                Self.curatorCreate, className: "CuratorWitnessProbe", arguments: [lab.connectString])
            #expect(result.succeeded, "\(result)")
            #expect(result.lines.contains("data=from-curator"))
            #expect(result.lines.contains("acquired=true"))
            let read = try await Kazoo.run(
                """
                import sys
                from kazoo.client import KazooClient
                zk = KazooClient(hosts=sys.argv[1], timeout=10)
                zk.start(timeout=20)
                print("data=" + zk.get("/witness/curator")[0].decode())
                zk.stop()
                """, arguments: [lab.connectString])
            #expect(read.lines.contains("data=from-curator"), "\(read)")
        }
    }

    @Test func curatorCompileErrorIsReported() async throws {
        await #expect(throws: LabError.self) {
            _ = try await Curator.compile("public class Broken { int x = ; }", className: "Broken")
        }
    }
}
