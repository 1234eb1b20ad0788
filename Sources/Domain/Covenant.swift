/// The covenant period (convenantperiode): the covenant was signed on 14 November 2023 for four
/// years and can be extended a year at a time. The marts count per month, so the period runs
/// from the month of signing for 12 months per year: November 2023 to October 2027, and one
/// year more per extension. Packs state this rule in their Toelichting.
public struct Covenant: Sendable, Equatable {
    public static let signedDefault = Day(year: 2023, month: 11, day: 14)!
    public static let yearsDefault = 4

    public let signed: Day
    public let years: Int
    public let extensions: Int

    public init(signed: Day = Covenant.signedDefault, years: Int = Covenant.yearsDefault, extensions: Int = 0) {
        self.signed = signed
        self.years = max(1, years)
        self.extensions = max(0, extensions)
    }

    /// The period's months: from the month of signing, 12 per year.
    public var period: Period {
        let first = Month(signed)
        let last = first.adding(months: 12 * (years + extensions) - 1)
        return Period(from: first.firstDay, to: last.lastDay, name: "\(first)..\(last)")
    }

    /// The word `--period` accepts for the covenant period.
    public static let periodWord = "convenant"
}
