import ArgumentParser
import FleetConfiguration
import ZooKeeperClient

/// `--max-reply-size SIZE`, for the commands that read znodes (`tree`, `check --deep`, the dashboard):
/// the largest reply the client accepts (`ZooKeeperConfiguration.maxReplySize`). A node whose reply is
/// larger (a child list of millions of names, data above 32 MiB) is reported as an error naming the
/// node, the size and this option, and everything else is read.
struct ReplyLimitOptions: ParsableArguments {
    @Option(
        name: .customLong("max-reply-size"),
        help: ArgumentHelp(
            "The largest reply accepted from a server, in bytes or with KiB/MiB/GiB (default 32MiB).",
            discussion: "A larger reply (a node with millions of children) is skipped and reported, naming this option."
        ))
    var maxReplySize: String?

    func validate() throws {
        if let maxReplySize, Self.parse(maxReplySize) == nil {
            throw ValidationError("--max-reply-size must be 1KiB...2GiB, e.g. 64MiB or 67108864")
        }
    }

    /// The limit in bytes.
    var bytes: Int { maxReplySize.flatMap(Self.parse) ?? ZooKeeperConfiguration.defaultMaxReplySize }

    /// `67108864`, `64MiB`, `64M`, `64MB` (binary multiples), 1 KiB to 2 GiB - 1.
    static func parse(_ text: String) -> Int? { ReplySize.parse(text) }
}
