/// A calendar date (UTC midnight) for the document's "created" property.
///
/// The caller passes it in so that no wall-clock time ends up in the file: libxlsxwriter takes
/// the current time when `created` is 0, which is why 1970-01-01 (time_t 0) is refused.
public struct DocumentDate: Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Throws unless the date exists and lies in 1970-01-02…9999-12-31.
    public init(year: Int, month: Int, day: Int) throws {
        guard (1970...9999).contains(year), (1...12).contains(month),
            (1...Self.daysInMonth(year: year, month: month)).contains(day)
        else {
            throw WorkbookError.invalidArgument(
                operation: "document date",
                reason: "\(year)-\(month)-\(day) is not a date in 1970-01-02…9999-12-31")
        }
        guard !(year == 1970 && month == 1 && day == 1) else {
            throw WorkbookError.invalidArgument(
                operation: "document date",
                reason: "1970-01-01 is time 0, which libxlsxwriter replaces with the current time")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    /// "2025-03-14".
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Seconds since 1970-01-01T00:00:00Z of this date's midnight UTC.
    var secondsSinceEpoch: Int {
        Self.daysSinceEpoch(year: year, month: month, day: day) * 86_400
    }

    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil).
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
