/// How often a meeting of the covenant meets, and so which periods its packs cover (SPEC §4):
/// a month, a quarter, a half year, a school year (August–July), a school-year third (Aug–Nov,
/// Dec–Mar, Apr–Jul) or a calendar year. Pipelines name it in `cadence`.
public enum Cadence: String, CaseIterable, Sendable {
    case month
    case quarter
    case halfYear = "half-year"
    case schoolYear = "school-year"
    case schoolYearThird = "school-year-third"
    case year

    /// Months in one period of this cadence.
    public var months: Int {
        switch self {
        case .month: 1
        case .quarter: 3
        case .halfYear: 6
        case .schoolYear, .year: 12
        case .schoolYearThird: 4
        }
    }

    /// The time grain that labels one period of this cadence.
    public var grain: PeriodGrain {
        switch self {
        case .month: .maand
        case .quarter: .kwartaal
        case .halfYear: .halfjaar
        case .schoolYear: .schooljaar
        case .schoolYearThird: .tertiaal
        case .year: .jaar
        }
    }

    /// The first month of the period of this cadence that holds `month`.
    public func start(of month: Month) -> Month {
        let offset: Int
        switch self {
        case .month: offset = 0
        case .quarter: offset = (month.month - 1) % 3
        case .halfYear: offset = (month.month - 1) % 6
        case .year: offset = month.month - 1
        case .schoolYear: offset = (month.month + 4) % 12  // August → 0
        case .schoolYearThird: offset = ((month.month + 4) % 12) % 4
        }
        return month.adding(months: -offset)
    }

    /// The period of this cadence that starts with `first`, named as SPEC §4 writes it.
    public func period(startingAt first: Month) -> Period {
        let last = first.adding(months: months - 1)
        let name = grain.label(first, period: Period(from: first.firstDay, to: last.lastDay))
        return Period(from: first.firstDay, to: last.lastDay, name: name)
    }

    /// The period holding `month`.
    public func period(containing month: Month) -> Period { period(startingAt: start(of: month)) }

    /// The last period of this cadence that has ended on `asOf` (its last day on or before it).
    public func lastComplete(asOf: Day) -> Period {
        let current = period(containing: Month(asOf))
        if current.to <= asOf { return current }
        return period(startingAt: start(of: Month(asOf)).adding(months: -months))
    }

    /// The `count` periods of this cadence ending with `period` (inclusive), oldest first.
    public func series(endingWith period: Period, count: Int) -> [Period] {
        let last = start(of: Month(period.from))
        return (0..<max(0, count)).reversed().map { self.period(startingAt: last.adding(months: -$0 * months)) }
    }
}

extension Period {
    /// The same period a year earlier (2025-Q3 → 2024-Q3; 2024-2025 → 2023-2024), named alike
    /// when the period is a named one.
    public var yearEarlier: Period {
        let from = Month(self.from).adding(months: -12)
        let to = Month(self.to).adding(months: -12)
        for cadence in Cadence.allCases where cadence.months == months.count && cadence.period(startingAt: Month(self.from)).name == name {
            return cadence.period(startingAt: from)
        }
        return Period(from: from.firstDay, to: to.lastDay, name: "\(from)..\(to)")
    }
}
