import ZooKeeperAdmin

extension ProbeResult {
    /// Turns a four-letter-word exchange into a probe result: transport errors become `unreachable`,
    /// refusals and parse failures `unusable`.
    ///
    /// Pollers write `.fourLetterWord(try? await …)` style code without repeating the mapping:
    /// `ProbeResult.fourLetterWord(outcome, parse: ServerStatsReply.parse)`.
    public static func fourLetterWord(
        _ outcome: Result<String, FourLetterWordError>, parse: (String) throws -> Value
    ) -> ProbeResult {
        switch outcome {
        case .success(let text): return ProbeResult(parsing: { try parse(text) })
        case .failure(let error): return .unreachable(TransportFailure(error))
        }
    }

    /// Turns an AdminServer exchange into a probe result: a non-200 status is `unusable(.httpStatus)`
    /// (`monitor` answers 500 while LOOKING), an envelope error `unusable(.notServing/.serverError)`.
    public static func adminServer(
        _ outcome: Result<AdminHTTPResponse, AdminServerError>, parse: (String) throws -> Value
    ) -> ProbeResult {
        switch outcome {
        case .success(let response):
            return ProbeResult(parsing: { try parse(try response.successBody()) })
        case .failure(let error):
            return .unreachable(TransportFailure(error))
        }
    }
}
