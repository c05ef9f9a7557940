import EnsembleMonitor
import TUIKit

/// One dashboard on one ensemble or a fleet of them: the reducer loop between a terminal, one poll-round source
/// per ensemble and the shown ensemble's znodes.
///
/// Events (keys, resizes, poll rounds, tree / compare / lock answers, effect results) arrive on one stream and
/// are applied in order to the pure ``DashboardModel``; the effects it returns are carried out through small
/// protocols (``TerminalDevice``, ``EnsembleUpdateSource``, ``ZNodeAccess``), and a frame is drawn after each
/// event. Sampling is separate from drawing (htop): a frame is built only when something happened, never on a
/// timer, so an idle dashboard costs a poll round every interval and nothing else.
///
/// Every ensemble polls on its own clock (its own source); hidden ensembles only update their Fleet row. Only the
/// shown ensemble has znode sessions (tree, compare, locks): switching closes the old ones and opens the new
/// ensemble's through the `nodes` factory. A session holds no global state. The executable wires the real ones (ncurses, ``EnsembleMonitor``, ``LiveZNodeAccess``); tests use
/// fakes and ``HeadlessTerminal``.
public actor DashboardSession {
    /// Carries out a demo fault key; returns a line for the status bar.
    public typealias DemoHandler = @Sendable (DemoFault) async -> String
    /// Opens the znode sessions (tree, compare, locks) of the named ensemble; called when it is shown.
    public typealias NodesFactory = @Sendable (String) -> any ZNodeAccess

    /// One ensemble of the fleet and where its poll rounds come from.
    public struct Ensemble: Sendable {
        /// Its name (the Fleet row, `:ctx NAME`).
        public var name: String
        /// Its poll rounds, on its own clock.
        public var rounds: any EnsembleUpdateSource

        /// An ensemble and its rounds.
        public init(name: String, rounds: any EnsembleUpdateSource) {
            self.name = name
            self.rounds = rounds
        }
    }

    /// The dashboard's state; read it to check what a session did (tests, benchmarks).
    public private(set) var model: DashboardModel
    /// The size frames are drawn at.
    public private(set) var size: (width: Int, height: Int)
    /// Input events applied so far: whoever feeds the terminal can tell when its key has been handled.
    public private(set) var inputsApplied = 0
    /// Frames drawn so far (a hidden ensemble's round draws one only when its Fleet row is shown and changed).
    public private(set) var framesDrawn = 0
    private let terminal: any TerminalDevice
    private let ensembles: [Ensemble]
    private let makeNodes: NodesFactory
    private var nodes: any ZNodeAccess
    /// Counts the znode sessions opened; answers carry it, so an old ensemble's late answers are dropped.
    private var nodesGeneration = 0
    private var nodesFeed: Task<Void, Never>?
    private let themes: ThemeCatalog
    private let log: AppLog
    private let demo: DemoHandler?
    private let persisted: (any PersistedTimelineSource)?
    /// How often the persisted timeline is read again (it changes only as `serve` writes).
    public let persistedRefresh: Duration
    private let inbox: AsyncStream<SessionEvent>
    private let sink: AsyncStream<SessionEvent>.Continuation
    private var ended = false

    /// A session on one ensemble that starts when ``run()`` is called.
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
        self.init(
            model: model, terminal: terminal, ensembles: [Ensemble(name: model.fleet.shown, rounds: rounds)],
            nodes: { _ in nodes }, themes: themes, log: log, demo: demo, persisted: persisted,
            persistedRefresh: persistedRefresh)
    }

    /// A session on several ensembles (the model's ``DashboardModel/fleet`` names them, in the same order).
    /// - Parameters:
    ///   - ensembles: each ensemble's poll rounds; every one polls on its own clock.
    ///   - nodes: opens the znode sessions of the ensemble being shown (first the model's shown one).
    ///   - persisted: the events `serve` stored, read for the shown ensemble when it is a named one
    ///     (``DashboardModel/persistedEnsemble``) at start, on every switch and every `persistedRefresh`.
    public init(
        model: DashboardModel, terminal: any TerminalDevice, ensembles: [Ensemble], nodes: @escaping NodesFactory,
        themes: ThemeCatalog = .standard(), log: AppLog = AppLog(path: nil), demo: DemoHandler? = nil,
        persisted: (any PersistedTimelineSource)? = nil, persistedRefresh: Duration = .seconds(30)
    ) {
        self.model = model
        self.terminal = terminal
        self.ensembles = ensembles
        self.makeNodes = nodes
        self.nodes = nodes(model.fleet.shown)
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
            }
        ]
        for ensemble in ensembles {
            feeds.append(
                Task { [rounds = ensemble.rounds, name = ensemble.name] in
                    for await update in rounds.updates(bufferingNewest: 1) {
                        sink.yield(.round(ensemble: name, update))
                    }
                })
        }
        startNodesFeed()
        if let persisted { feeds.append(readPersisted(persisted)) }
        draw()
        for await event in inbox {
            receive(event)
            if ended { break }
        }
        for feed in feeds { feed.cancel() }
        nodesFeed?.cancel()
        await nodes.close()
    }

    /// Reads the persisted timeline of the shown ensemble off the draw path: at start, at once after a switch to
    /// another ensemble, and every `persistedRefresh`. A failure is said once in the status bar (again only when
    /// the reason changes), and the events already shown stay.
    private func readPersisted(_ source: any PersistedTimelineSource) -> Task<Void, Never> {
        let sink = self.sink
        let refresh = persistedRefresh
        return Task { [weak self] in
            let clock = ContinuousClock()
            var lastProblem: String?
            var lastRead: (ensemble: String, at: ContinuousClock.Instant)?
            while !Task.isCancelled {
                guard let self else { return }
                if let ensemble = await self.model.persistedEnsemble,
                    lastRead.map({ $0.ensemble != ensemble || clock.now - $0.at >= refresh }) ?? true
                {
                    lastRead = (ensemble, clock.now)
                    do {
                        sink.yield(.persisted(ensemble: ensemble, try await source.events(ensemble: ensemble)))
                        lastProblem = nil
                    } catch {
                        let problem = "\(error)"
                        if problem != lastProblem {
                            sink.yield(.status(StatusMessage(text: problem, isError: true)))
                            lastProblem = problem
                        }
                    }
                }
                try? await Task.sleep(for: min(.milliseconds(500), refresh))
            }
        }
    }

    /// Forwards the answers of the current znode sessions, tagged with their generation.
    private func startNodesFeed() {
        let sink = self.sink
        nodesFeed = Task { [nodes, generation = nodesGeneration] in
            for await result in nodes.results { sink.yield(.znodes(generation: generation, result)) }
        }
    }

    /// Applies one event and draws the frame that results (the loop of ``run()`` calls this for every event).
    public func receive(_ event: SessionEvent) {
        guard !ended else { return }
        var effects: [AppEffect] = []
        var redraw = true
        switch event {
        case .input(let input):
            inputsApplied += 1
            if case .resize(let width, let height) = input { size = (width, height) }
            effects = model.handle(input)
        case .monitor(let update):
            effects = model.update(tracker: update.tracker)
        case .round(let name, let update):
            let before = model.fleet.rows[name]
            effects = model.update(tracker: update.tracker, ensemble: name)
            // A hidden ensemble's round changes only its Fleet row: nothing to draw unless that row is on screen
            // and shows something new (an idle fleet draws a frame only for the shown ensemble's rounds).
            redraw = name == model.fleet.shown || (model.pane == .fleet && model.fleet.rows[name] != before)
        case .tree(let update):
            effects = model.apply(update)
        case .compare(let update):
            effects = model.apply(compare: update)
        case .persisted(let ensemble, let events):
            model.apply(persisted: events, ensemble: ensemble)
        case .znodes(let generation, let result):
            guard generation == nodesGeneration else { return }
            switch result {
            case .tree(let update): effects = model.apply(update)
            case .compare(let update): effects = model.apply(compare: update)
            }
        case .status(let message):
            model.setStatus(message.text, isError: message.isError)
        case .logProblem(let text):
            model.noteLogProblem(text)
        case .terminalClosed:
            effects = [.quit]
        }
        for effect in effects {
            perform(effect)
            if ended { return }
        }
        if redraw { draw() }
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
        framesDrawn += 1
    }

    /// The shown ensemble's poll rounds.
    private var shownRounds: (any EnsembleUpdateSource)? {
        ensembles.first { $0.name == model.fleet.shown }?.rounds
    }

    /// Carries out one effect; results come back as events.
    private func perform(_ effect: AppEffect) {
        let sink = self.sink
        switch effect {
        case .quit:
            ended = true
            sink.finish()
        case .setInterval(let seconds):
            for ensemble in ensembles {
                ensemble.rounds.setInterval(.milliseconds(Int64((seconds * 1000).rounded())))
            }
        case .pollNow:
            shownRounds?.pollNow()
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
            let rounds = shownRounds
            Task {
                let message = await demo(fault)
                sink.yield(.status(StatusMessage(text: message)))
                rounds?.pollNow()
            }
        case .switchEnsemble(let name):
            let old = nodes
            nodesFeed?.cancel()
            Task { await old.close() }
            nodesGeneration += 1
            nodes = makeNodes(name)
            startNodesFeed()
            shownRounds?.pollNow()
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
