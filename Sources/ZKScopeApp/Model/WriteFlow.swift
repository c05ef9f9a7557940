import TUIKit

/// A question in progress: a yes/no dialog or a typed answer (a name, data, or the path to confirm a delete).
public struct PendingDialog: Hashable, Sendable {
    /// How it is asked.
    public enum Kind: Hashable, Sendable {
        /// A yes/no box.
        case confirm(ConfirmDialog)
        /// A typed answer in the bottom line.
        case prompt
    }
    /// How it is asked.
    public var kind: Kind
    /// What answering it leads to.
    public var step: WriteStep
}

/// The steps of the write flows.
public enum WriteStep: Hashable, Sendable {
    /// Asking for the new child's name under a parent.
    case createName(parent: String)
    /// Asking for the new node's data.
    case createData(path: String)
    /// Asking for the new data of a node.
    case setData(path: String)
    /// Asking the user to type the path of a non-empty subtree to delete.
    case deleteTyped(path: String)
    /// A final yes/no before the request is sent.
    case confirm(WriteRequest)
}

extension DashboardModel {
    mutating func startWrite(_ action: AppAction) -> [AppEffect] { [] }

    mutating func handleDialogKey(_ pending: PendingDialog, _ key: Key) -> [AppEffect] { [] }

    mutating func completePrompt(_ pending: PendingDialog, text: String) -> [AppEffect] { [] }
}
