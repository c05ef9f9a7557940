import EnsembleMonitor
import FleetConfiguration
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import TimelineStore

/// `zkscope serve` as a library call: binds the listen address, polls the fleet and serves until SIGTERM or
/// SIGINT, then stops polling and closes the listener gracefully.
public struct FleetServer {
    /// Why serve could not start or stopped: one line for stderr.
    public struct Failure: Error, CustomStringConvertible {
        /// The line (cause and fix).
        public var description: String
    }

    let profiles: [EnsembleProfile]
    let listen: ListenAddress
    let logger: Logger
    let timeline: EventStore?

    /// A server for `profiles` (already chosen by shard) on `listen`, writing events to `timeline`.
    public init(profiles: [EnsembleProfile], listen: ListenAddress, logger: Logger, timeline: EventStore? = nil) {
        self.profiles = profiles
        self.listen = listen
        self.logger = logger
        self.timeline = timeline
    }

    /// Runs until a graceful shutdown signal. `onListening` gets the bound address (the real port when 0 was
    /// asked). Throws ``Failure`` when the address cannot be bound.
    public func run(onListening: @escaping @Sendable (ListenAddress) -> Void = { _ in }) async throws {
        let store = FleetStore(
            ensembles: profiles.map {
                FleetState.Served(name: $0.name, members: $0.configuration.members.map(\.address))
            }, timeline: timeline
        )
        let poller = FleetPoller(profiles: profiles, store: store, logger: logger)
        let host = listen.host
        // The HTTP side has a thread of its own: scrapes are answered in time however busy polling keeps the rest.
        let httpThread = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { httpThread.shutdownGracefully { _ in } }
        let app = Application(
            router: FleetRoutes.router(store: store),
            configuration: ApplicationConfiguration(
                address: .hostname(listen.host, port: listen.port), serverName: nil),
            onServerRunning: { channel in
                onListening(ListenAddress(host: host, port: channel.localAddress?.port ?? 0))
            },
            eventLoopGroupProvider: .shared(httpThread),
            logger: logger)
        let http = OnExecutor(service: app, executor: EventLoopTaskExecutor(eventLoop: httpThread.next()))
        var configuration = ServiceGroupConfiguration(
            services: [
                .init(service: http, serviceName: "http"),
                .init(service: poller, successTerminationBehavior: .ignore, serviceName: "poller"),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        // A scraper holding a keep-alive connection must not keep serve alive after SIGTERM.
        configuration.maximumGracefulShutdownDuration = .seconds(5)
        configuration.maximumCancellationDuration = .seconds(5)
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            throw Self.failure(error, listen: listen)
        }
    }

    /// The line for an error out of the service group: a port in use or an address that cannot be bound named
    /// with the fix; anything else as it is.
    static func failure(_ error: any Error, listen: ListenAddress) -> Failure {
        if let io = error as? IOError {
            switch io.errnoCode {
            case EADDRINUSE:
                return Failure(
                    description: "cannot listen on \(listen): the port is in use by another process; "
                        + "stop it or choose another with --listen HOST:PORT")
            case EADDRNOTAVAIL:
                return Failure(
                    description: "cannot listen on \(listen): no interface of this machine has that address; "
                        + "use --listen with a local address such as 127.0.0.1:9464")
            case EACCES:
                return Failure(
                    description: "cannot listen on \(listen): permission denied (ports below 1024 need privileges); "
                        + "choose a port above 1023 with --listen")
            default: break
            }
        }
        let text = String(describing: error)
        if text.contains("Address already in use") {
            return Failure(
                description: "cannot listen on \(listen): the port is in use by another process; "
                    + "stop it or choose another with --listen HOST:PORT")
        }
        return Failure(description: "cannot serve on \(listen): \(text)")
    }
}

/// A service whose tasks (and the child tasks they start, such as Hummingbird's one per connection) prefer
/// `executor` to the global one.
private struct OnExecutor<Wrapped: Service>: Service {
    let service: Wrapped
    let executor: EventLoopTaskExecutor

    func run() async throws {
        try await withTaskExecutorPreference(executor) {
            try await service.run()
        }
    }
}
