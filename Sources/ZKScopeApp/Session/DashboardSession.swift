import EnsembleMonitor
import TUIKit

/// One dashboard on one ensemble: the reducer loop between a terminal, a poll-round source and the cluster's
/// znodes.
///
/// Events (keys, resizes, poll rounds, tree / compare / lock answers, effect results) arrive on one stream and
/// are applied in order to the pure ``DashboardModel``; the effects it returns are carried out through small
/// protocols (``TerminalDevice``, ``EnsembleUpdateSource``, ``ZNodeAccess``), and a frame is drawn after each
/// event. Sampling is separate from drawing (htop): a frame is built only when something happened, never on a
/// timer, so an idle dashboard costs a poll round every interval and nothing else.
///
/// A session holds no global state: a process can run several (one per ensemble of a fleet), each with its own
/// devices. The executable wires the real ones (ncurses, ``EnsembleMonitor``, ``LiveZNodeAccess``); tests use
/// fakes and ``HeadlessTerminal``.
public actor DashboardSession {
    /// Carries out a demo fault key; returns a line for the status bar.
    public typealias DemoHandler = @Sendable (DemoFault) async -> String

    /// The dashboard's state; read it to check what a session did (tests, benchmarks).
    public private(set) var model: DashboardModel
    /// The size frames are drawn at.
    public private(set) var size: (width: Int, height: Int)
    /// Input events applied so far: whoever feeds the terminal can tell when its key has been handled.
    public private(set) var inputsApplied = 0
    private let terminal: any TerminalDevice
    private let rounds: any EnsembleUpdateSource
    private let nodes: any ZNodeAccess
    private let themes: ThemeCatalog
    private let log: AppLog
    private let demo: DemoHandler?
    private let persisted: (any PersistedTimelineSource)?
    /// How often the persisted timeline is read again (it changes only as `serve` writes).
    public let persistedRefresh: Duration
    private let inbox: AsyncStream<SessionEvent>
    private let sink: AsyncStream<SessionEvent>.Continuation
    private var ended = false

    /// A session that starts when ``run()`` is called.
    /// - Parameters:
    ///   - model: the dashboard before its first round (options, interval, theme name).
    ///   - terminal: where frames go and input comes from.
    ///   - rounds: the poll rounds; its cadence follows the model's interval (`+`/`-`, `:interval`).
    ///   - nodes: the tree, compare and lock reads, and confirmed writes.
    ///   - themes: where `:theme NAME` looks.
    ///   - demo: the demo's fault keys (`zkscope demo`), nil elsewhere.
    ///   - persisted: the events `serve` stored, read for the model's `ensembleName` (nothing is read without
    ///     one) at start and every `persistedRefresh`.
    public init(
        model: DashboardModel, terminal: any TerminalDevice, rounds: any EnsembleUpdateSource,
        nodes: any ZNodeAccess, themes: ThemeCatalog = .standard(), log: AppLog = AppLog(path: nil),
        demo: DemoHandler? = nil, persisted: (any PersistedTimelineSource)? = nil,
        persistedRefresh: Duration = .seconds(30)
    ) {
        self.model = model
        self.terminal = terminal
        self.rounds = rounds
        self.nodes = nodes
        self.themes = themes
        self.log = log
        self.demo = demo
        self.persisted = persisted
        self.persistedRefresh = persistedRefresh
        self.size = terminal.size
        (inbox, sink) = AsyncStream<SessionEvent>.makeStream(bufferingPolicy: .unbounded)
    }

    /// Delivers an event from outside (effects' results, tests); it is applied in order with the rest.
    public nonisolated func send(_ event: SessionEvent) { sink.yield(event) }

    /// Runs until the user quits or the terminal goes away; then closes the znode sessions and stops polling.
    public func run() async {
        let sink = self.sink
        log.reportProblems(to: { sink.yield(.logProblem($0)) })
        var feeds = [
            Task { [terminal] in
                for await event in terminal.events { sink.yield(.input(event)) }
                sink.yield(.terminalClosed)
            },
            Task { [rounds] in
                for await update in rounds.updates(bufferingNewest: 1) { sink.yield(.monitor(update)) }
            },
            Task { [nodes] in
                for await result in nodes.results {
                    switch result {
                    case .tree(let update): sink.yield(.tree(update))
                    case .compare(let update): sink.yield(.compare(update))
                    }
                }
            },
        ]
        if let persisted, let ensemble = model.options.ensembleName {
            feeds.append(Self.readPersisted(persisted, ensemble: ensemble, every: persistedRefresh, into: sink))
        }
        draw()
        for await event in inbox {
            receive(event)
            if ended { break }
        }
        for feed in feeds { feed.cancel() }
        await nodes.close()
    }

    /// Reads the persisted timeline now and every `interval`, off the draw path; a failure is said once in the
    /// status bar (again only when the reason changes), and the events already shown stay.
    private static func readPersisted(
        _ source: any PersistedTimelineSource, ensemble: String, every interval: Duration,
        into sink: AsyncStream<SessionEvent>.Continuation
    ) -> Task<Void, Never> {
        Task {
            var lastProblem: String?
            while !Task.isCancelled {
                do {
                    sink.yield(.persisted(try await source.events(ensemble: ensemble)))
                    lastProblem = nil
                } catch {
                    let problem = "\(error)"
                    if problem != lastProblem {
                        sink.yield(.status(StatusMessage(text: problem, isError: true)))
                        lastProblem = problem
                    }
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Applies one event and draws the frame that results (the loop of ``run()`` calls this for every event).
    public func receive(_ event: SessionEvent) {
        guard !ended else { return }
        let effects: [AppEffect]
        switch event {
        case .input(let input):
            inputsApplied += 1
            if case .resize(let width, let height) = input { size = (width, height) }
            effects = model.handle(input)
        case .monitor(let update):
            effects = model.update(tracker: update.tracker)
        case .tree(let update):
            effects = model.apply(update)
        case .compare(let update):
            effects = model.apply(compare: update)
        case .persisted(let events):
            model.apply(persisted: events)
            effects = []
        case .status(let message):
            model.setStatus(message.text, isError: message.isError)
            effects = []
        case .logProblem(let text):
            model.noteLogProblem(text)
            effects = []
        case .terminalClosed:
            effects = [.quit]
        }
        for effect in effects {
            perform(effect)
            if ended { return }
        }
        draw()
    }

    /// Changes the model directly and carries out the effects the change returns, then draws: for what no key
    /// reaches quickly (a benchmark selecting row 50,000 of a big tree).
    public func change(_ body: @Sendable (inout DashboardModel) -> [AppEffect]) {
        guard !ended else { return }
        for effect in body(&model) {
            perform(effect)
            if ended { return }
        }
        draw()
    }

    /// Draws the model; the frame's geometry (visible rows, regions) goes back into the model for the next keys.
    private func draw() {
        let frame = model.frame(width: size.width, height: size.height)
        model.remember(frame)
        terminal.present(frame.screen)
    }

    /// Carries out one effect; results come back as events.
    private func perform(_ effect: AppEffect) {
        let sink = self.sink
        switch effect {
        case .quit:
            ended = true
            sink.finish()
        case .setInterval(let seconds):
            rounds.setInterval(.milliseconds(Int64((seconds * 1000).rounded())))
        case .pollNow:
            rounds.pollNow()
        case .repaint:
            terminal.repaint()
        case .setTheme(let name):
            do {
                let theme = try themes.load(name)
                terminal.setTheme(theme)
                model.themeName = theme.name
                model.setStatus("theme \(theme.name)")
            } catch {
                model.setStatus(
                    "theme \(name): \(error.diagnostics.first?.description ?? "cannot load")", isError: true)
            }
        case .demo(let fault):
            guard let demo else { break }
            let rounds = self.rounds
            Task {
                let message = await demo(fault)
                sink.yield(.status(StatusMessage(text: message)))
                rounds.pollNow()
            }
        case .tree(let request):
            nodes.tree(request)
        case .compare(let request):
            nodes.compare(request)
        case .write(let request):
            // The model asks for writes only in write mode; checked again here, where the cluster is reached.
            guard model.options.allowWrites else {
                model.setStatus("writes are off (read-only), nothing was sent", isError: true)
                break
            }
            let nodes = self.nodes
            Task { sink.yield(.status(await nodes.write(request))) }
        }
    }
}
