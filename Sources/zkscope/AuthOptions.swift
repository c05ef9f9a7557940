import ArgumentParser
import ZooKeeperClient

/// `--auth scheme:credentials` (repeatable), for the commands that read znodes (`tree`, the dashboard's tree and
/// compare view): nodes whose ACL needs them are read instead of reported as NoAuth.
struct AuthOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Credentials to add to every session, as scheme:credentials (repeatable), e.g. digest:user:password.",
            discussion: "They are visible to other users in the process list; prefer a short-lived shell variable."))
    var auth: [String] = []

    func validate() throws {
        for text in auth where AuthCredential(parsing: text) == nil {
            throw ValidationError("--auth must be scheme:credentials, e.g. digest:user:password")
        }
    }

    /// The parsed credentials, in the order given.
    var credentials: [AuthCredential] { auth.compactMap(AuthCredential.init(parsing:)) }
}
