import ZooKeeperAdmin

/// One signal source as a row of ``SignalTable``: how to ask for it, how to parse the reply, where the result
/// goes in ``MemberReplies``, when it is due, and what its absence means.
///
/// Everything that used to be spread over the poller's word slots, its AdminServer switch, the round plan, the
/// status list and `signals-missing` is read from these rows, so adding a source is one row (and its parser).
public struct SignalDescriptor: Sendable {
    /// How to ask for it.
    public let request: SignalRequest
    /// The source its status is reported under (an AdminServer stand-in that fills a word's slot reports
    /// under the word).
    public let source: SignalSource
    /// When it is due.
    public let cadence: SignalCadence
    /// Whether it is asked only of a serving member (`srvr` and `zabstate` are asked of every member).
    public let needsServing: Bool
    /// The four-letter word this AdminServer endpoint replaces when the whitelist blocks it.
    public let standsInFor: SignalSource?
    /// Whether this source carries the metrics (sessions, ephemerals, load): a serving member where no such
    /// source answers is blind (`signals-missing` warns).
    public let carriesMetrics: Bool
    /// Whether a value from it shows that the member serves (it has no reply while LOOKING).
    public let showsServing: Bool
    private let decode: @Sendable (SignalExchange) -> SignalReply
    private let read: @Sendable (MemberReplies) -> ProbeResult<SignalAnswer>?
    private let refuse: @Sendable (ReplyFailure, inout MemberReplies) -> Void

    /// A row whose parsed reply of type `Reply` goes to `field`.
    ///
    /// - Parameter onlyValues: store only a value (an AdminServer stand-in that shares the word's slot: its
    ///   failure must not hide the word's own refusal).
    init<Reply: Sendable & Hashable>(
        _ request: SignalRequest, source: SignalSource, cadence: SignalCadence, needsServing: Bool = true,
        standsInFor: SignalSource? = nil, carriesMetrics: Bool = false, showsServing: Bool = false,
        field: WritableKeyPath<MemberReplies, ProbeResult<Reply>?> & Sendable, onlyValues: Bool = false,
        parse: @escaping @Sendable (String) throws -> Reply
    ) {
        self.request = request
        self.source = source
        self.cadence = cadence
        self.needsServing = needsServing
        self.standsInFor = standsInFor
        self.carriesMetrics = carriesMetrics
        self.showsServing = showsServing
        self.decode = { exchange in
            let result: ProbeResult<Reply>
            switch exchange {
            case .word(let outcome): result = .fourLetterWord(outcome, parse: parse)
            case .admin(let outcome): result = .adminServer(outcome, parse: parse)
            }
            return SignalReply(request: request, source: source, outcome: result.erased) { replies in
                if !onlyValues || result.value != nil { replies[keyPath: field] = result }
            }
        }
        self.read = { $0[keyPath: field]?.erased }
        self.refuse = { refusal, replies in
            if replies[keyPath: field] == nil { replies[keyPath: field] = .unusable(refusal) }
        }
    }

    /// Parses what the exchange brought back into a reply ready to store.
    public func reply(to exchange: SignalExchange) -> SignalReply { decode(exchange) }

    /// The outcome stored for this row's slot in `replies`, if any.
    public func probe(in replies: MemberReplies) -> ProbeResult<SignalAnswer>? { read(replies) }

    /// Stores a remembered refusal in this row's slot unless the round already holds something there (the
    /// AdminServer's answer, say).
    public func storeIfEmpty(_ refusal: ReplyFailure, in replies: inout MemberReplies) { refuse(refusal, &replies) }
}
