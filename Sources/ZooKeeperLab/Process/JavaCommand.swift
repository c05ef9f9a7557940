import Foundation

/// The command line that runs one ZooKeeper member, with the fixes Debian's stock setup lacks.
///
/// Debian's classpath has no SLF4J binding (so no log at all) and no servlet API (so no AdminServer);
/// REPORT section 1 lists the three jars that fix both. The conf dir comes first on the classpath so
/// log4j finds the lab's `log4j.properties`.
enum JavaCommand {
    /// The jars after the conf dir. zookeeper.jar's manifest pulls in the rest (jute, netty, jetty...).
    static let serverJars = [
        "/usr/share/java/zookeeper.jar",
        "/usr/share/java/slf4j-log4j12.jar",
        "/usr/share/java/log4j-1.2.jar",
        "/usr/share/java/servlet-api.jar",
    ]

    /// The two Netty jars Debian's `zookeeper.jar` manifest lacks and the TLS client port needs (SECURITY.md):
    /// without them the first TLS connection dies with `ClassNotFoundException: ...ByteToMessageDecoder`.
    static let nettyTLSJars = ["/usr/share/java/netty-codec.jar", "/usr/share/java/netty-resolver.jar"]

    /// Debian's log4j configuration, copied into every lab.
    static let debianLog4jProperties = "/etc/zookeeper/conf_example/log4j.properties"

    /// A system property that tags every JVM with its lab directory, so a PID read from a state file is
    /// only ever killed if it still is that lab's JVM.
    static func labMarker(directory: String) -> String { "-Dzkscope.lab=\(directory)" }

    /// Arguments after the java executable.
    static func arguments(
        labDirectory: String, confDirectory: String, memberDirectory: String, configPath: String,
        heapMegabytes: Int, jvmOptions: [String], extraJars: [String] = []
    ) -> [String] {
        ["-Xmx\(heapMegabytes)m"] + jvmOptions + [
            labMarker(directory: labDirectory),
            "-Dzookeeper.log.dir=\(memberDirectory)",
            "-Dzookeeper.root.logger=INFO,CONSOLE",
            "-cp", ([confDirectory] + serverJars + extraJars).joined(separator: ":"),
            "org.apache.zookeeper.server.quorum.QuorumPeerMain", configPath,
        ]
    }

    /// A minimal log4j configuration, used when Debian's file is missing (a non-Debian machine).
    static let fallbackLog4jProperties = """
        log4j.rootLogger=${zookeeper.root.logger}
        log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
        log4j.appender.CONSOLE.Threshold=INFO
        log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
        log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m%n

        """
}
