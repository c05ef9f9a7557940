/// Where a binding applies: a pane or mode of the application ("tree", "findings", "command-line").
///
/// Dispatch looks in the current context first and in ``global`` last, so a pane can override a global key.
public struct KeyContext: Hashable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The context name, also the section title of the help screen.
    public var name: String
    /// Creates a context.
    public init(_ name: String) { self.name = name }
    /// Creates a context from a literal.
    public init(stringLiteral value: String) { self.name = value }
    /// Bindings that work everywhere.
    public static let global = KeyContext("global")
    /// The name.
    public var description: String { name }
}

/// One entry of the key table: which keys, what they do, and how they are presented.
///
/// The same entry drives dispatch, the function bar and the help screen, so the help can never list a key that
/// does not work or miss one that does (the htop drift k9s avoids).
public struct KeyBinding<Action: Hashable & Sendable>: Hashable, Sendable {
    /// The keys that trigger the action (e.g. `[.down, .char("j")]`); the first is the one shown in the bar.
    public var keys: [Key]
    /// The application's action.
    public var action: Action
    /// What the action does, for the help screen ("Move the selection down").
    public var description: String
    /// Where the binding applies.
    public var context: KeyContext
    /// A short label for the function bar ("Help"), or `nil` to keep the binding out of the bar.
    public var barLabel: String?

    /// Creates a binding.
    public init(
        _ keys: [Key], _ action: Action, _ description: String, context: KeyContext = .global, bar: String? = nil
    ) {
        self.keys = keys
        self.action = action
        self.description = description
        self.context = context
        self.barLabel = bar
    }
}

/// One item of the function bar: key name and label, with the action a mouse click on it triggers.
public struct FunctionBarItem<Action: Hashable & Sendable>: Hashable, Sendable {
    /// Key name shown ("F1", "q").
    public var key: String
    /// Label shown ("Help").
    public var label: String
    /// The action the item stands for.
    public var action: Action
}

/// One line of the help screen.
public struct HelpEntry: Hashable, Sendable {
    /// Key names joined by spaces ("↓ j").
    public var keys: String
    /// What the binding does.
    public var description: String
}

/// A section of the help screen: one context and its bindings.
public struct HelpSection: Hashable, Sendable {
    /// Context name ("global", "tree").
    public var title: String
    /// The bindings of the context, in table order.
    public var entries: [HelpEntry]
}

/// The application's one key table: dispatch, function bar and help screen are all derived from it.
public struct KeyBindingTable<Action: Hashable & Sendable>: Sendable {
    /// All bindings in presentation order.
    public private(set) var bindings: [KeyBinding<Action>]

    /// Creates a table.
    public init(_ bindings: [KeyBinding<Action>]) { self.bindings = bindings }

    /// The action for a key in a context stack (most specific first); ``KeyContext/global`` is always tried last.
    public func action(for key: Key, in contexts: [KeyContext]) -> Action? {
        for context in contexts + [.global] {
            if let binding = bindings.first(where: { $0.context == context && $0.keys.contains(key) }) {
                return binding.action
            }
        }
        return nil
    }

    /// The action for an input event: key events go through the table; mouse and resize events are not key
    /// bindings (hit-test them with the widgets' helpers, e.g. ``FunctionBar/action(atX:)``).
    public func action(for event: InputEvent, in context: KeyContext) -> Action? {
        guard case .key(let key) = event else { return nil }
        return action(for: key, in: [context])
    }

    /// Function-bar items for a context: its own bar bindings, then the global ones whose keys it does not take.
    public func functionBar(for context: KeyContext) -> [FunctionBarItem<Action>] {
        var items: [FunctionBarItem<Action>] = []
        let local = bindings.filter { $0.context == context && context != .global }
        let taken = Set(local.flatMap(\.keys))
        for binding in local + bindings.filter({ $0.context == .global && taken.isDisjoint(with: $0.keys) }) {
            guard let label = binding.barLabel, let key = binding.keys.first else { continue }
            items.append(FunctionBarItem(key: key.description, label: label, action: binding.action))
        }
        return items
    }

    /// Help sections: global first, then every other context in the order it first appears. Every binding is
    /// listed exactly once.
    public func helpSections() -> [HelpSection] {
        var order: [KeyContext] = [.global]
        for binding in bindings where !order.contains(binding.context) { order.append(binding.context) }
        return order.compactMap { context in
            let entries = bindings.filter { $0.context == context }.map {
                HelpEntry(keys: $0.keys.map(\.description).joined(separator: " "), description: $0.description)
            }
            return entries.isEmpty ? nil : HelpSection(title: context.name, entries: entries)
        }
    }

    /// Keys bound twice within one context: always a mistake in the table, checked by the app's tests.
    public func conflicts() -> [(key: Key, context: KeyContext)] {
        var seen: Set<[String]> = []
        var out: [(key: Key, context: KeyContext)] = []
        for binding in bindings {
            for key in binding.keys where !seen.insert([binding.context.name, key.description]).inserted {
                out.append((key, binding.context))
            }
        }
        return out
    }
}
