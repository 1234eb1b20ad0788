/// A calendar month, the grain of the marts: `2025-03`. Ordered and cheap to step through.
public struct Month: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// year × 12 + month − 1
    public let index: Int

    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        index = year * 12 + month - 1
    }

    public init(_ day: Day) { index = day.year * 12 + day.month - 1 }

    init(index: Int) { self.index = index }

    /// Parses exactly `YYYY-MM`.
    public init?(text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 7, bytes[4] == UInt8(ascii: "-") else { return nil }
        var digits: [Int] = []
        for offset in [0, 1, 2, 3, 5, 6] {
            let byte = bytes[offset]
            guard (48...57).contains(byte) else { return nil }
            digits.append(Int(byte) - 48)
        }
        self.init(year: digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3], month: digits[4] * 10 + digits[5])
    }

    public var year: Int { index / 12 }
    public var month: Int { index % 12 + 1 }
    public var firstDay: Day { Day(year: year, month: month, day: 1)! }
    public var lastDay: Day { Day(year: year, month: month, day: Day.daysIn(month: month, year: year))! }
    public func adding(months: Int) -> Month { Month(index: index + months) }

    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.index < rhs.index }

    /// `2025-03`
    public var description: String { firstDay.maand }
    /// `2025-Q1`
    public var kwartaal: String { firstDay.kwartaal }
    /// `2025-H1`
    public var halfjaar: String { firstDay.halfjaar }
    /// `2024-2025`
    public var schooljaar: String { firstDay.schooljaar }
    /// `2025`
    public var jaar: String { String(year) }
    /// The school-year third (SPEC §4): Aug–Nov `T1`, Dec–Mar `T2`, Apr–Jul `T3`: `2024-2025-T2`.
    public var tertiaal: String {
        let third: Int
        switch month {
        case 8...11: third = 1
        case 12, 1, 2, 3: third = 2
        default: third = 3
        }
        return "\(schooljaar)-T\(third)"
    }

    /// The months from `first` to `last`, both included (empty when `last` < `first`).
    public static func range(_ first: Month, _ last: Month) -> [Month] {
        first.index <= last.index ? (first.index...last.index).map(Month.init(index:)) : []
    }
}

extension Period {
    /// Whether the period consists of whole months (every named period of SPEC §4 does).
    public var isWholeMonths: Bool { from.day == 1 && to == Month(to).lastDay }

    /// The months the period overlaps, in order.
    public var months: [Month] { Month.range(Month(from), Month(to)) }
}
