import EnsembleCore
import EnsembleMonitor
import Testing

/// The source report's "answered recently" list: a read-once word (`envi`) stays on it while the member answers.
@Suite struct SourceBookTests {
    @Test func aReadOnceWordStaysAnsweredWhileTheMemberAnswers() {
        var book = SourceBook(adminPort: nil)
        book.record(.envi, status: .answered, failure: nil, now: 0)
        book.noteAnswered([.srvr, .envi, .mntr], now: 0)
        #expect(book.answered(within: 16).contains(.envi))
        // 100 s later only srvr and mntr were asked (envi is read once): envi is still known to answer.
        book.noteAnswered([.srvr, .mntr], now: 100)
        #expect(book.answered(within: 16) == [.srvr, .mntr, .envi].sorted())
        // The member stopped answering: nothing it answered long ago is listed, envi included.
        book.noteAnswered([], now: 200)
        #expect(book.answered(within: 16).isEmpty)
    }
}
