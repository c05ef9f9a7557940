import Testing

@testable import FleetService

@Suite struct PrometheusTextTests {
    @Test func labelValuesEscapeBackslashQuoteAndNewline() {
        #expect(PrometheusText.escapeLabelValue(#"a\b"#) == #"a\\b"#)
        #expect(PrometheusText.escapeLabelValue(#"say "hi""#) == #"say \"hi\""#)
        #expect(PrometheusText.escapeLabelValue("one\ntwo") == #"one\ntwo"#)
        #expect(PrometheusText.escapeLabelValue("plain-name_1:2181") == "plain-name_1:2181")
    }

    @Test func helpEscapesBackslashAndNewlineButNotQuotes() {
        #expect(PrometheusText.escapeHelp("a\\b\n\"c\"") == #"a\\b\n"c""#)
    }

    @Test func numbersAreWrittenAsPrometheusParsesThem() {
        #expect(PrometheusText.format(3) == "3")
        #expect(PrometheusText.format(-2) == "-2")
        #expect(PrometheusText.format(0.25) == "0.25")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(Double(Int64(1) << 40)) == "1099511627776")
    }

    @Test func labelSetsKeepOrderAndEscape() {
        #expect(PrometheusText.labels([("ensemble", "x\"y"), ("member", "h:1")]) == #"{ensemble="x\"y",member="h:1"}"#)
        #expect(PrometheusText.labels([]) == "")
    }
}
