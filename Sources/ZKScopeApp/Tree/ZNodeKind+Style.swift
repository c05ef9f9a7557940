import EnsembleMonitor
import TUIKit

/// How the tree pane draws each kind of znode: the decoding lives in EnsembleMonitor (one place for the
/// CLI, `--json` and the dashboard), the colours and badges are the dashboard's own.
extension ZNodeKind {
    /// The role a node's name is drawn in.
    var role: StyleRole {
        switch lifetime {
        case .ephemeral: return .nodeEphemeral
        case .container: return .nodeContainer
        case .ttl: return .nodeTTL
        case .persistent: return isSequential ? .nodeSequential : .nodePersistent
        }
    }

    /// The badges after a node's name.
    var badges: [Badge] {
        var badges: [Badge] = []
        switch lifetime {
        case .ephemeral: badges.append(Badge("eph", role: .nodeEphemeral))
        case .container: badges.append(Badge("ctr", role: .nodeContainer))
        case .ttl(let ms): badges.append(Badge("ttl \(Format.duration(seconds: Double(ms) / 1000))", role: .nodeTTL))
        case .persistent: break
        }
        if isSequential { badges.append(Badge("seq", role: .nodeSequential)) }
        return badges
    }
}
