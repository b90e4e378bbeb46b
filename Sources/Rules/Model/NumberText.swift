/// Numbers as rule files and messages write them: whole numbers without a fraction, others with
/// at most three decimals, percentages with one.
public enum NumberText {
    /// `12`, `0.25`, `1.333`.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "n/a" : (value > 0 ? "∞" : "-∞") }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        let rounded = (value * 1000).rounded() / 1000
        var text = String(rounded)
        if text.contains("e") { return String(value) }
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// `12.5%` for 0.125.
    public static func percent(_ fraction: Double) -> String {
        guard fraction.isFinite else { return format(fraction) }
        let tenths = (fraction * 1000).rounded() / 10
        if tenths == tenths.rounded() { return "\(Int64(tenths))%" }
        return "\(tenths)%"
    }
}
