extension PollSettings {
    /// The poll intervals zkscope accepts, in seconds, wherever one is given: `--interval` of `check`,
    /// the dashboard and the demo, the dashboard's `:interval` and its `+`/`-` keys.
    ///
    /// One range, so a value that works in one place works in all. The floor keeps the probe deadline
    /// (80 % of the interval) above a loaded machine's scheduling noise; past the ceiling a dashboard
    /// shows history, not the present.
    public static let intervalRange: ClosedRange<Double> = 0.2...300

    /// `intervalRange` as people read it: "0.2 to 300 seconds".
    public static var intervalRangeText: String {
        "\(format(intervalRange.lowerBound)) to \(format(intervalRange.upperBound)) seconds"
    }

    /// Whether `seconds` is an interval zkscope accepts (finite and inside ``intervalRange``).
    public static func isValidInterval(_ seconds: Double) -> Bool {
        seconds.isFinite && intervalRange.contains(seconds)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
