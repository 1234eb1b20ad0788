// Dutch number formatting for the signal sentences: decimal comma, a period as thousands
// separator from five digits on (10.000; four-digit numbers stay 1000, as Dutch style guides
// such as the Taalunie's advise), rounding half away from zero. No locale or Foundation
// formatter is involved, so the output is the same on every machine.

/// Formats numbers the Dutch way.
public enum DutchNumberFormat: Sendable {
    /// A whole number: 14, 1000, 12.500, -3.
    public static func integer(_ n: Int) -> String {
        let digits = String(n.magnitude)
        let grouped = digits.count >= 5 ? group(digits) : digits
        return n < 0 ? "-" + grouped : grouped
    }

    /// A number with `fractionDigits` decimals and a decimal comma: 2,8 · 0,05 · 12.345,6.
    /// Non-finite values: "∞", "-∞", "onbekend".
    public static func decimal(_ x: Double, fractionDigits: Int) -> String {
        if x.isNaN { return "onbekend" }
        if x.isInfinite { return x > 0 ? "∞" : "-∞" }
        let digits = max(0, min(fractionDigits, 12))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = x.magnitude * scale
        guard scaled < 9.0e15 else { return (x < 0 ? "-" : "") + String(format0: x.magnitude) }
        // Half away from zero, also when binary rounding put an exact half just below .5.
        var rounded = scaled.rounded(.down)
        if scaled - rounded >= 0.5 - 1e-9 * max(1, scaled) { rounded += 1 }
        let whole = UInt64(rounded)
        let factor = UInt64(scale)
        let integerPart = whole / factor
        let fraction = whole % factor
        var text = integerPart >= 10_000 ? group(String(integerPart)) : String(integerPart)
        if digits > 0 {
            let fractionText = String(fraction)
            text += "," + String(repeating: "0", count: digits - fractionText.count) + fractionText
        }
        return (x < 0 && whole != 0) ? "-" + text : text
    }

    /// A ratio with one decimal (2,8); below 0,1 two decimals (0,05) so that a decrease never
    /// reads as 0,0.
    public static func ratio(_ x: Double) -> String {
        if x.isFinite && x > 0 && x < 0.095 { return decimal(x, fractionDigits: 2) }
        return decimal(x, fractionDigits: 1)
    }

    /// A yearly change factor as a signed whole percentage: 1,137 → "+14%", 0,797 → "-20%".
    public static func percentChange(_ factor: Double) -> String {
        if !factor.isFinite { return factor.isNaN ? "onbekend" : "+∞" }
        let percent = (factor - 1) * 100
        let text = decimal(percent, fractionDigits: 0)
        if text == "0" || text == "-0" { return "0%" }
        return (percent > 0 ? "+" : "") + text + "%"
    }

    /// A confidence level as a percentage without the sign: 0.95 → "95", 0.975 → "97,5".
    public static func level(_ level: Double) -> String {
        let percent = level * 100
        let whole = percent.rounded()
        return abs(percent - whole) < 1e-9 ? decimal(whole, fractionDigits: 0) : decimal(percent, fractionDigits: 1)
    }

    private static func group(_ digits: String) -> String {
        var result = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { result += "." }
            result.append(ch)
        }
        return result
    }
}

private extension String {
    /// Whole-number text of a huge value (beyond exact rounding): digits without exponent.
    init(format0 value: Double) {
        self = value < 1e18 ? String(UInt64(value)) : String(value)
    }
}
