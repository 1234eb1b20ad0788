import Foundation

/// A period of the covenant's reporting, as SPEC §4 writes it — `2025-Q3`, `2025-H1`,
/// `2024-2025` (school year), `2025` (calendar year), `2025-03` (month), `2024-2025-T1`
/// (school-year third: Aug–Nov, Dec–Mar, Apr–Jul) — or any range of days `FROM..TO`.
public struct Period: Hashable, Sendable, CustomStringConvertible {
    public let from: Day
    public let to: Day
    /// The name as written (`2025-Q3`), or `2025-01-01..2025-03-31` for a range.
    public let name: String

    public init(from: Day, to: Day, name: String? = nil) {
        self.from = from
        self.to = to
        self.name = name ?? "\(from)..\(to)"
    }

    public var description: String { name }

    public func contains(_ day: Day) -> Bool { from <= day && day <= to }

    /// Parses a named period of SPEC §4.
    public static func named(_ text: String) -> Period? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        func year(_ part: String) -> Int? {
            guard part.count == 4, part.allSatisfy(\.isASCII), let value = Int(part), value >= 1900 else { return nil }
            return value
        }
        func month(_ year: Int, _ first: Int, _ last: Int) -> Period? {
            guard let from = Day(year: year, month: first, day: 1),
                let to = Day(year: year, month: last, day: Day.daysIn(month: last, year: year))
            else { return nil }
            return Period(from: from, to: to, name: text)
        }
        switch parts.count {
        case 1:
            guard let y = year(parts[0]) else { return nil }
            return month(y, 1, 12)
        case 2:
            guard let y = year(parts[0]) else { return nil }
            let tail = parts[1]
            if tail.count == 2, tail.first == "Q", let q = Int(tail.dropFirst()), (1...4).contains(q) {
                return month(y, q * 3 - 2, q * 3)
            }
            if tail.count == 2, tail.first == "H", let h = Int(tail.dropFirst()), (1...2).contains(h) {
                return month(y, h * 6 - 5, h * 6)
            }
            if tail.count == 2, let m = Int(tail), (1...12).contains(m) { return month(y, m, m) }
            if let next = year(tail), next == y + 1 {
                return Period(from: Day(year: y, month: 8, day: 1)!, to: Day(year: next, month: 7, day: 31)!, name: text)
            }
            return nil
        case 3:
            guard let y = year(parts[0]), let next = year(parts[1]), next == y + 1 else { return nil }
            switch parts[2] {
            case "T1": return Period(from: Day(year: y, month: 8, day: 1)!, to: Day(year: y, month: 11, day: 30)!, name: text)
            case "T2":
                return Period(
                    from: Day(year: y, month: 12, day: 1)!, to: Day(year: next, month: 3, day: Day.daysIn(month: 3, year: next))!,
                    name: text)
            case "T3": return Period(from: Day(year: next, month: 4, day: 1)!, to: Day(year: next, month: 7, day: 31)!, name: text)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Parses `FROM..TO` (each a date `JJJJ-MM-DD` or a named period: a month, quarter, …, taking
    /// its first day for FROM and its last for TO), a single named period, or `convenant` (the
    /// covenant period).
    public static func parse(_ text: String, covenant: Covenant = Covenant()) throws(UsageError) -> Period {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == Covenant.periodWord { return covenant.period }
        let bounds = trimmed.components(separatedBy: "..")
        func bound(_ part: String, first: Bool) throws(UsageError) -> Day {
            if let day = Day(iso: part) { return day }
            if let period = named(part) { return first ? period.from : period.to }
            throw UsageError(
                "periode '\(text)': '\(part)' is geen datum (JJJJ-MM-DD) of periode (2025-03, 2025-Q1, 2025-H1, 2025, 2024-2025, 2024-2025-T1)"
            )
        }
        switch bounds.count {
        case 1:
            if let period = named(trimmed) { return period }
            if let day = Day(iso: trimmed) { return Period(from: day, to: day) }
            throw UsageError("periode '\(text)' niet herkend; gebruik VAN..TOT of een periode als 2025-Q1 of 'convenant'")
        case 2:
            let from = try bound(bounds[0], first: true)
            let to = try bound(bounds[1], first: false)
            guard from <= to else { throw UsageError("periode '\(text)': het begin ligt na het einde") }
            // Whole months are named by their months (2025-01..2025-03), as packs show them.
            if from.day == 1, to.day == Day.daysIn(month: to.month, year: to.year) {
                return Period(from: from, to: to, name: "\(from.maand)..\(to.maand)")
            }
            return Period(from: from, to: to, name: "\(from)..\(to)")
        default:
            throw UsageError("periode '\(text)' niet herkend; gebruik VAN..TOT of een periode als 2025-Q1")
        }
    }
}
