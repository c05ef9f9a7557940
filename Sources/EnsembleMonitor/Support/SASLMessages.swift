import ZooKeeperClient

/// What the commands say when SASL stops a session: the ensemble demands SASL and none was given (-124), or the
/// exchange failed (a wrong user name or password, a missing Cyrus plugin). Each names the command-line fix.
public enum SASLMessages {
    /// The line for a SASL error, or nil when `error` is not one.
    public static func explain(_ error: any Error) -> String? {
        let zooKeeperError: ZooKeeperError
        if let error = error as? ZooKeeperError {
            zooKeeperError = error
        } else if let error = error as? TreeWalkError {
            zooKeeperError = error.underlying
        } else {
            return nil
        }
        switch zooKeeperError.code {
        case .sessionClosedRequireSASLAuth:
            return "the ensemble requires SASL authentication (SessionClosedRequireAuth, -124): "
                + "add --sasl-user USER --sasl-password-file FILE, or --jaas FILE"
        case .saslFailed:
            var message = zooKeeperError.message
            if message.contains("refused") {
                message = message.replacingOccurrences(
                    of: "check the user name and password the ensemble's JAAS Server section lists",
                    with: "wrong user name or password: check --sasl-user and the password file "
                        + "(or the JAAS Client section)")
            }
            return message
        default:
            return nil
        }
    }
}
