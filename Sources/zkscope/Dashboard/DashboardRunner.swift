import EnsembleCore
import EnsembleMonitor
import Foundation
import TUIKit
import TUINCurses
import ZKScopeApp
import ZooKeeperClient

/// Something the dashboard loop reacts to: input, a poll round, a tree change, or an effect's result.
enum RunnerEvent: Sendable {
    case input(InputEvent)
    case tracker(EnsembleTracker)
    case tree(TreeUpdate)
    case compare(CompareUpdate)
    case status(String, isError: Bool)
    case logProblem(String)
    case terminalClosed
}

/// Runs the dashboard: owns the terminal, the poller and the tree controller, feeds their events to the pure
/// ``DashboardModel`` and carries out the effects it returns.
///
/// Sampling is separate from drawing (htop): the screen is rebuilt only when something happened (a key, a poll
/// round, a watch event), never on a timer, so an idle dashboard costs a poll round every interval and nothing
/// else. The terminal thread diffs frames, so an unchanged frame writes nothing.
struct DashboardRunner {
    /// Called for demo fault keys; returns a line for the status bar.
    typealias DemoHandler = @Sendable (DemoFault) async -> String

    var configuration: EnsembleConfiguration
    var options: DashboardModel.Options
    var theme: Theme
    var catalog: ThemeCatalog
    var settings: PollSettings
    var log: AppLog
    /// Added to the tree's and the compare view's sessions (`--auth`).
    var credentials: [AuthCredential] = []
    /// The tree's and the compare view's reply limit (`--max-reply-size`).
    var maxReplySize = ZooKeeperConfiguration.defaultMaxReplySize
    var connectString: String?
    var demo: DemoHandler?

    /// Opens the terminal and runs until the user quits. Returns the exit code.
    func run() async -> Int32 {
        let terminal: Terminal
        do {
            terminal = try Terminal.open(Terminal.Options(theme: theme))
        } catch {
            let hint = "For scripts and monitoring use `zkscope check` (or `zkscope check --json`)."
            FileHandle.standardError.write(Data("zkscope: \(error).\n\(hint)\n".utf8))
            return 1
        }
        defer { terminal.close() }
        log.write("dashboard started on \(configuration.members.map(\.address).joined(separator: ","))")

        let (events, sink) = AsyncStream<RunnerEvent>.makeStream(bufferingPolicy: .unbounded)
        log.reportProblems { sink.yield(.logProblem($0)) }
        let poller = PollDriver(
            monitor: EnsembleMonitor(
                configuration: configuration, settings: settings, logger: log.logger(label: "zkscope.monitor")),
            interval: settings.intervalSeconds)
        let pollTask = Task {
            for await update in poller.updates() { sink.yield(.tracker(update.tracker)) }
        }
        let inputTask = Task {
            for await event in terminal.events { sink.yield(.input(event)) }
            sink.yield(.terminalClosed)
        }
        let treeController = TreeController(
            connectString: connectString ?? configuration.members.map(\.address).joined(separator: ","),
            credentials: credentials, maxReplySize: maxReplySize, log: log
        ) { update in sink.yield(.tree(update)) }
        let compareController = CompareController(
            members: configuration.members.map(\.address), credentials: credentials, maxReplySize: maxReplySize,
            log: log
        ) { update in sink.yield(.compare(update)) }
        defer {
            pollTask.cancel()
            inputTask.cancel()
            poller.stop()
        }

        var model = DashboardModel(
            options: options, interval: poller.interval, themeName: theme.name)
        var size = terminal.size
        terminal.present(model.render(width: size.width, height: size.height))
        loop: for await event in events {
            var effects: [AppEffect] = []
            switch event {
            case .input(let input):
                if case .resize(let w, let h) = input { size = (w, h) }
                effects = model.handle(input)
            case .tracker(let tracker):
                effects = model.update(tracker: tracker)
            case .tree(let update):
                effects = model.apply(update)
            case .compare(let update):
                effects = model.apply(compare: update)
            case .status(let text, let isError):
                model.setStatus(text, isError: isError)
            case .logProblem(let text):
                model.noteLogProblem(text)
            case .terminalClosed:
                break loop
            }
            for effect in effects {
                switch effect {
                case .quit:
                    break loop
                case .setInterval(let seconds):
                    poller.setInterval(seconds)
                case .pollNow:
                    poller.pollNow()
                case .repaint:
                    terminal.repaint()
                case .setTheme(let name):
                    do {
                        let loaded = try catalog.load(name)
                        terminal.setTheme(loaded)
                        model.themeName = loaded.name
                        model.setStatus("theme \(loaded.name)")
                    } catch {
                        model.setStatus(
                            "theme \(name): \(error.diagnostics.first?.description ?? "cannot load")", isError: true)
                    }
                case .demo(let fault):
                    guard let demo else { break }
                    Task {
                        let message = await demo(fault)
                        sink.yield(.status(message, isError: false))
                        poller.pollNow()
                    }
                case .tree(let request):
                    treeController.handle(request)
                case .compare(let request):
                    compareController.handle(request)
                case .write(let request):
                    guard options.allowWrites else { break }
                    Task {
                        let (message, isError) = await treeController.write(request)
                        sink.yield(.status(message, isError: isError))
                    }
                }
            }
            terminal.present(model.render(width: size.width, height: size.height))
        }
        await treeController.close()
        await compareController.close()
        log.write("dashboard stopped")
        return 0
    }
}
