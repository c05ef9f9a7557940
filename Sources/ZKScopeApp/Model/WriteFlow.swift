import Foundation
import TUIKit
import ZooKeeperClient

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
    /// Starts create / set / delete on the selected node (write mode and the tree pane only).
    mutating func startWrite(_ action: AppAction) -> [AppEffect] {
        guard options.allowWrites else {
            setStatus(
                "writes are off (read-only), nothing was sent: restart zkscope with --allow-writes to create, "
                    + "change or delete znodes", isError: true)
            return []
        }
        guard pane == .tree, let path = tree.selectedPath else {
            setStatus("select a node in the tree first", isError: true)
            return []
        }
        switch action {
        case .createNode:
            ask(.createName(parent: path), prompt: "name of the new child of \(path): ")
        case .setData:
            var current = ""
            if let detail = tree.detail, detail.path == path, let text = String(validating: detail.data, as: UTF8.self),
                !text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
            {
                current = text
            }
            ask(.setData(path: path), prompt: "new data for \(path): ", text: current)
        case .deleteNode:
            guard path != "/", path != "/zookeeper", !path.hasPrefix("/zookeeper/") else {
                setStatus("\(path) belongs to ZooKeeper itself and is never deleted", isError: true)
                return []
            }
            let children =
                tree.stat(at: path)?.numChildren ?? tree.detail.map { $0.path == path ? $0.stat.numChildren : 0 }
                ?? 0
            if children > 0 {
                ask(
                    .deleteTyped(path: path),
                    prompt: "\(path) has \(children) children; type its path to delete the subtree: ")
            } else {
                confirm(.delete(path: path, recursive: false), title: "Delete", message: "Delete \(path)?")
            }
        default:
            break
        }
        return []
    }

    /// A key while a yes/no dialog is open.
    mutating func handleDialogKey(_ pending: PendingDialog, _ key: Key) -> [AppEffect] {
        guard case .confirm(var box) = pending.kind else { return [] }
        switch box.handle(key) {
        case nil:
            dialog = PendingDialog(kind: .confirm(box), step: pending.step)
            return []
        case .cancelled?:
            dialog = nil
            setStatus("cancelled: nothing was changed")
            return []
        case .confirmed?:
            dialog = nil
            guard case .confirm(let request) = pending.step else { return [] }
            setStatus("writing…")
            return [.write(request)]
        }
    }

    /// A typed answer to a write prompt.
    mutating func completePrompt(_ pending: PendingDialog, text: String) -> [AppEffect] {
        switch pending.step {
        case .createName(let parent):
            let name = text.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains("/"), name != ".", name != "..", !name.contains(" ") else {
                setStatus("not a node name: \"\(name)\" (no slashes or spaces)", isError: true)
                return []
            }
            let path = ZNodePath.join(parent, name)
            ask(.createData(path: path), prompt: "data for \(path) (may be empty): ")
        case .createData(let path):
            let data = Array(text.utf8)
            confirm(
                .create(path: path, data: data), title: "Create",
                message: "Create \(path) with \(data.count) bytes of data?")
        case .setData(let path):
            let data = Array(text.utf8)
            confirm(
                .setData(path: path, data: data), title: "Set data",
                message: "Replace the data of \(path) with \(data.count) bytes?")
        case .deleteTyped(let path):
            guard text == path else {
                setStatus("not deleted: the typed path does not match \(path)", isError: true)
                return []
            }
            setStatus("deleting \(path) and its subtree…")
            return [.write(.delete(path: path, recursive: true))]
        case .confirm:
            break
        }
        return []
    }

    private mutating func ask(_ step: WriteStep, prompt: String, text: String = "") {
        dialog = PendingDialog(kind: .prompt, step: step)
        editor = LineEditor(prompt: prompt, text: text)
    }

    private mutating func confirm(_ request: WriteRequest, title: String, message: String) {
        dialog = PendingDialog(kind: .confirm(ConfirmDialog(title: title, message: message)), step: .confirm(request))
    }
}
