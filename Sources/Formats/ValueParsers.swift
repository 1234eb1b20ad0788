import Domain

/// Byte-level parsers for the value forms that real Dutch school-system exports contain, next to
/// the canonical forms of SPEC §2a: day-month-year dates with times, Excel serial dates and the
/// many spellings of yes/no.
///
/// Every byte-path parser works on the field's raw bytes and never builds a `String`; the
/// `String` overloads are conveniences for tests and configuration code. Fields arrive trimmed
/// (`CSVRecord.trimmedField`): surrounding whitespace is not stripped here and makes a value invalid.
public enum ValueParsers {
    // MARK: Dates

    /// Parses a written calendar date, optionally followed by a time of day.
    ///
    /// Accepted date forms:
    /// - `yyyy-mm-dd` (ISO): month and day must have exactly two digits (`2025-3-7` is refused,
    ///   so that a malformed ISO value is never guessed at);
    /// - `d-m-yyyy`, `dd-mm-yyyy`, `d/m/yyyy`, `dd/mm/yyyy`, `d.m.yyyy`, `dd.mm.yyyy`: day and
    ///   month one or two digits, both separators the same, a four-digit year. A numeric date with
    ///   the year last is always day-month-year, never the US month/day order (`12/31/2025` is
    ///   refused: month 31).
    ///
    /// Two-digit years are refused (ambiguous century), as are impossible dates (`31-04-2025`,
    /// `29-02-2023`); `Day(year:month:day:)` checks the calendar.
    ///
    /// The optional time follows a single space or `T` (`t` too, as RFC 3339 allows): `H:MM`,
    /// `HH:MM` or `HH:MM:SS`, seconds optionally with a fraction (`.123`), then optionally `Z`
    /// (or `z`) or an offset `+HH:MM`, `-HH:MM`, `+HHMM` or `+HH`. It is checked loosely (hours
    /// 0–23, minutes and seconds 0–59, offset hours 0–23) and then ignored: the incident's date is
    /// the calendar date as written, never shifted to another time zone.
    public static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> Day? {
        let count = bytes.count
        var index = 0
        let first = number(bytes, &index)
        guard index < count else { return nil }
        let separator = bytes[index]
        index += 1
        let year: Int, month: Int, day: Int
        if first.digits == 4, separator == .hyphen {
            let m = number(bytes, &index)
            guard m.digits == 2, index < count, bytes[index] == .hyphen else { return nil }
            index += 1
            let d = number(bytes, &index)
            guard d.digits == 2 else { return nil }
            (year, month, day) = (first.value, m.value, d.value)
        } else if (1...2).contains(first.digits), separator == .hyphen || separator == .slash || separator == .dot {
            let m = number(bytes, &index)
            guard (1...2).contains(m.digits), index < count, bytes[index] == separator else { return nil }
            index += 1
            let y = number(bytes, &index)
            guard y.digits == 4 else { return nil }
            (year, month, day) = (y.value, m.value, first.value)
        } else {
            return nil
        }
        guard timeSuffixIsValid(bytes, from: index) else { return nil }
        return Day(year: year, month: month, day: day)
    }

    /// `date(_:)` for a `String` (same rules).
    public static func date(_ text: String) -> Day? {
        var copy = text
        return copy.withUTF8 { date($0) }
    }

    /// Checks the optional time part after a date, from `start` to the end of the field.
    private static func timeSuffixIsValid(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        let count = bytes.count
        var index = start
        if index == count { return true }
        guard bytes[index] == .space || bytes[index] == .upperT || bytes[index] == .lowerT else { return false }
        index += 1
        let hour = number(bytes, &index)
        guard (1...2).contains(hour.digits), hour.value <= 23, index < count, bytes[index] == .colon else { return false }
        index += 1
        let minute = number(bytes, &index)
        guard minute.digits == 2, minute.value <= 59 else { return false }
        if index < count, bytes[index] == .colon {
            index += 1
            let second = number(bytes, &index)
            guard second.digits == 2, second.value <= 59 else { return false }
            if index < count, bytes[index] == .dot {
                index += 1
                guard number(bytes, &index).digits >= 1 else { return false }
            }
        }
        guard index < count else { return true }
        switch bytes[index] {
        case .upperZ, .lowerZ:
            index += 1
        case .plus, .hyphen:
            index += 1
            let offset = number(bytes, &index)
            switch offset.digits {
            case 2:
                guard offset.value <= 23 else { return false }
                if index < count, bytes[index] == .colon {
                    index += 1
                    let minutes = number(bytes, &index)
                    guard minutes.digits == 2, minutes.value <= 59 else { return false }
                }
            case 4:
                guard offset.value / 100 <= 23, offset.value % 100 <= 59 else { return false }
            default:
                return false
            }
        default:
            return false
        }
        return index == count
    }

    /// Reads a run of ASCII digits at `index` and moves past it. `digits` is the length of the
    /// whole run; `value` only holds the first nine digits (callers refuse longer runs anyway).
    @inline(__always)
    private static func number(_ bytes: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> (value: Int, digits: Int) {
        var value = 0
        var digits = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte >= .zero, byte <= .nine else { break }
            if digits < 9 { value = value * 10 + Int(byte - .zero) }
            digits += 1
            index += 1
        }
        return (value, digits)
    }

    // MARK: Excel serial dates

    /// The highest serial of Excel's 1900 date system: 9999-12-31.
    public static let excelSerialMaximum = 2_958_465
    /// The serial of 1970-01-01.
    static let excelSerialOfEpoch = 25_569
    /// The serial of 1970-01-01 in the 1904 date system (serial 0 is 1904-01-01).
    static let excelSerialOfEpoch1904 = 24_107

    /// Converts a serial of Excel's 1900 date system (as XLSX cells store dates) to a day.
    ///
    /// Serial 1 is 1900-01-01; serial 60 is the fictitious 1900-02-29 that Excel keeps for
    /// compatibility with Lotus 1-2-3 (`nil`); serial 61 is 1900-03-01. The fractional part is the
    /// time of day and is dropped (floor). Valid: 1 up to 2958465 (9999-12-31); anything else,
    /// including NaN and infinities, is `nil`.
    public static func excelSerialDate(_ serial: Double, system: ExcelDateSystem = .from1900) -> Day? {
        guard serial.isFinite, serial >= Double(system.firstSerial), serial < Double(system.lastSerial + 1) else { return nil }
        return excelSerialDate(whole: Int(serial.rounded(.down)), system: system)
    }

    /// Parses the numeric text of an XLSX cell (`45292`, `45292.5`, `4.5292E4`, `4.5292e+4`) and
    /// converts it like `excelSerialDate(_: Double)`. Digits, an optional `.` fraction (with at
    /// least one digit on both sides) and an optional exponent; no sign, no spaces, no decimal
    /// comma (XLSX always writes a point). The floor is taken in exact decimal arithmetic, so
    /// `45292.99999999999999999` is still 45292.
    public static func excelSerialDate(_ bytes: UnsafeBufferPointer<UInt8>, system: ExcelDateSystem = .from1900) -> Day? {
        let count = bytes.count
        var index = 0
        var mantissa: UInt64 = 0
        var exponent = 0
        var integerDigits = 0
        while index < count, bytes[index] >= .zero, bytes[index] <= .nine {
            // A serial has at most seven integer digits: a longer integer part is out of range.
            guard mantissa < 100_000_000_000_000_000 else { return nil }
            mantissa = mantissa * 10 + UInt64(bytes[index] - .zero)
            integerDigits += 1
            index += 1
        }
        guard integerDigits > 0 else { return nil }
        if index < count, bytes[index] == .dot {
            index += 1
            var fractionDigits = 0
            while index < count, bytes[index] >= .zero, bytes[index] <= .nine {
                // Digits beyond the mantissa's capacity are dropped: truncation keeps the floor right.
                if mantissa < 100_000_000_000_000_000 {
                    mantissa = mantissa * 10 + UInt64(bytes[index] - .zero)
                    exponent -= 1
                }
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { return nil }
        }
        if index < count, bytes[index] == .upperE || bytes[index] == .lowerE {
            index += 1
            var negative = false
            if index < count, bytes[index] == .plus || bytes[index] == .hyphen {
                negative = bytes[index] == .hyphen
                index += 1
            }
            let written = number(bytes, &index)
            guard written.digits >= 1 else { return nil }
            // Capped: beyond ±99 the value is 0 or far out of range either way.
            let magnitude = written.digits > 2 ? 99 : written.value
            exponent += negative ? -magnitude : magnitude
        }
        guard index == count else { return nil }

        var whole = mantissa
        if exponent < 0 {
            // 10^19 still fits a UInt64 and exceeds any 18-digit mantissa.
            whole = -exponent > 19 ? 0 : mantissa / power(-exponent)
        } else if exponent > 0, mantissa != 0 {
            guard exponent <= 7 else { return nil }
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: power(exponent))
            guard !overflow else { return nil }
            whole = product
        }
        guard whole >= UInt64(system.firstSerial), whole <= UInt64(system.lastSerial) else { return nil }
        return excelSerialDate(whole: Int(whole), system: system)
    }

    /// `excelSerialDate(_: UnsafeBufferPointer<UInt8>)` for a `String` (same rules).
    public static func excelSerialDate(_ text: String, system: ExcelDateSystem = .from1900) -> Day? {
        var copy = text
        return copy.withUTF8 { excelSerialDate($0, system: system) }
    }

    private static func excelSerialDate(whole serial: Int, system: ExcelDateSystem) -> Day? {
        if system == .from1904 {
            // Serial 0 is 1904-01-01; no fictitious leap day.
            guard (0...system.lastSerial).contains(serial) else { return nil }
            return Day(daysSinceEpoch: serial - excelSerialOfEpoch1904)
        }
        guard (1...excelSerialMaximum).contains(serial), serial != 60 else { return nil }
        // Before the fictitious 29 February every serial is one higher than the real day count.
        let shift = serial < 60 ? excelSerialOfEpoch - 1 : excelSerialOfEpoch
        return Day(daysSinceEpoch: serial - shift)
    }

    private static func power(_ exponent: Int) -> UInt64 {
        var result: UInt64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    // MARK: Yes / no

    /// The spellings of yes and no in Dutch (and English-language) exports, lowercase.
    private static let yesNo: [(spelling: [UInt8], value: Bool)] = [
        ("ja", true), ("nee", false), ("j", true), ("n", false), ("1", true), ("0", false),
        ("waar", true), ("onwaar", false), ("true", true), ("false", false),
        ("yes", true), ("no", false), ("y", true),
    ].map { (Array($0.0.utf8), $0.1) }

    private static let unknown: [[UInt8]] = [Array("onbekend".utf8), Array("?".utf8)]

    /// Parses a police-involvement value: `ja`, `j`, `1`, `waar`, `true`, `yes`, `y` → `.ja`;
    /// `nee`, `n`, `0`, `onwaar`, `false`, `no` → `.nee`; `onbekend`, `?` → `.onbekend`.
    /// ASCII case is ignored. Anything else is `nil`, and so is an empty value: the caller decides
    /// what empty means (for the optional `politie` column of SPEC §2a it is `onbekend`).
    public static func politie(_ bytes: UnsafeBufferPointer<UInt8>) -> Politie? {
        if let value = boolean(bytes) { return value ? .ja : .nee }
        for spelling in unknown where equalsIgnoringASCIICase(bytes, spelling) { return .onbekend }
        return nil
    }

    /// `politie(_: UnsafeBufferPointer<UInt8>)` for a `String` (same rules).
    public static func politie(_ text: String) -> Politie? {
        var copy = text
        return copy.withUTF8 { politie($0) }
    }

    /// Parses a yes/no value with the vocabulary of `politie(_:)` but without `onbekend` and `?`
    /// (those are `nil`, as are empty and any other value). ASCII case is ignored.
    public static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard !bytes.isEmpty, bytes.count <= 6 else { return nil }
        for entry in yesNo where equalsIgnoringASCIICase(bytes, entry.spelling) { return entry.value }
        return nil
    }

    /// `boolean(_: UnsafeBufferPointer<UInt8>)` for a `String` (same rules).
    public static func boolean(_ text: String) -> Bool? {
        var copy = text
        return copy.withUTF8 { boolean($0) }
    }

    /// Compares bytes with a lowercase ASCII spelling, folding only `A`–`Z`.
    @inline(__always)
    private static func equalsIgnoringASCIICase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: [UInt8]) -> Bool {
        guard bytes.count == lowercase.count else { return false }
        for index in 0..<bytes.count {
            var byte = bytes[index]
            if byte >= 65, byte <= 90 { byte += 32 }
            guard byte == lowercase[index] else { return false }
        }
        return true
    }
}

private extension UInt8 {
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let hyphen = UInt8(ascii: "-")
    static let slash = UInt8(ascii: "/")
    static let dot = UInt8(ascii: ".")
    static let colon = UInt8(ascii: ":")
    static let space = UInt8(ascii: " ")
    static let plus = UInt8(ascii: "+")
    static let upperT = UInt8(ascii: "T")
    static let lowerT = UInt8(ascii: "t")
    static let upperZ = UInt8(ascii: "Z")
    static let lowerZ = UInt8(ascii: "z")
    static let upperE = UInt8(ascii: "E")
    static let lowerE = UInt8(ascii: "e")
}
