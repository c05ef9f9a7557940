extension Duration {
    /// The duration in fractional seconds: the monitor's clock, the benchmarks' rates and the dashboard's timers
    /// all count in `Double` seconds.
    public var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// The duration in fractional milliseconds, for latencies shown and printed.
    public var milliseconds: Double { seconds * 1000 }
}
