import Domain
import Formats
import Ingest
import Testing

/// Runs a byte-path parser on exactly the given bytes, from a larger buffer so that a parser
/// reading past `count` would see trailing garbage and fail.
private func onBytes<Result>(_ text: String, _ parse: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    let padded = Array(text.utf8) + Array("9:99x".utf8)
    return padded.withUnsafeBufferPointer { whole in
        parse(UnsafeBufferPointer(rebasing: whole[0..<text.utf8.count]))
    }
}

@Suite("ValueParsers: dates, Excel serials and yes/no as real exports write them")
struct ValueParsersTests {
    // MARK: Dates

    static let acceptedDates: [(String, String)] = [
        // ISO
        ("2025-03-07", "2025-03-07"),
        ("2024-01-01", "2024-01-01"),
        ("2024-12-31", "2024-12-31"),
        ("2024-02-29", "2024-02-29"),
        ("2000-02-29", "2000-02-29"),
        // day-month-year with hyphens, slashes and dots, one or two digits
        ("7-3-2025", "2025-03-07"),
        ("07-03-2025", "2025-03-07"),
        ("7-03-2025", "2025-03-07"),
        ("07-3-2025", "2025-03-07"),
        ("7/3/2025", "2025-03-07"),
        ("07/03/2025", "2025-03-07"),
        ("7.3.2025", "2025-03-07"),
        ("07.03.2025", "2025-03-07"),
        ("1-1-2025", "2025-01-01"),
        ("31-12-2025", "2025-12-31"),
        ("31/12/2025", "2025-12-31"),
        ("29-02-2024", "2024-02-29"),
        ("29.2.2000", "2000-02-29"),
        ("12/11/2025", "2025-11-12"),
        // with times (validated, then ignored)
        ("7-3-2025 14:05", "2025-03-07"),
        ("7-3-2025 4:05", "2025-03-07"),
        ("07/03/2025 14:05:09", "2025-03-07"),
        ("7.3.2025 23:59:59", "2025-03-07"),
        ("31-12-2025 0:00", "2025-12-31"),
        ("2025-03-07T14:05:09Z", "2025-03-07"),
        ("2025-03-07 14:05:09.123+01:00", "2025-03-07"),
        ("2025-03-07 14:05", "2025-03-07"),
        ("2025-03-07T14:05:09", "2025-03-07"),
        ("2025-03-07T14:05:09.5", "2025-03-07"),
        ("2025-03-07T23:30:00-05:00", "2025-03-07"),
        ("2025-03-07T23:30:00+0100", "2025-03-07"),
        ("2025-03-07T23:30:00+01", "2025-03-07"),
        ("2025-03-07t14:05z", "2025-03-07"),
        ("2025-03-07 14:05Z", "2025-03-07"),
        ("07-03-2025T14:05:09Z", "2025-03-07"),
        ("2024-12-31T23:59:59+14:00", "2024-12-31"),
    ]

    @Test("accepted date forms give the calendar date as written", arguments: acceptedDates)
    func acceptedDate(_ input: String, _ expected: String) {
        let day = Day(iso: expected)
        #expect(day != nil)
        #expect(ValueParsers.date(input) == day)
        #expect(onBytes(input, ValueParsers.date) == day)
    }

    static let rejectedDates: [String] = [
        "",
        " ",
        "abc",
        "datum",
        "2025-3-7",  // ISO requires two-digit month and day
        "2025-03-7",
        "2025-3-07",
        "2025/03/07",  // year first only with hyphens
        "2025.03.07",
        "20250307",
        "03-07-25",  // two-digit year: ambiguous
        "7-3-25",
        "7/3/25",
        "7-3-02025",
        "007-3-2025",
        "7-003-2025",
        "12/31/2025",  // day-month: month 31 (no US order)
        "31-04-2025",  // impossible dates
        "29-02-2023",
        "29-02-1900",
        "2023-02-29",
        "2025-04-31",
        "2025-13-01",
        "2025-00-10",
        "2025-01-00",
        "0-1-2025",
        "1-0-2025",
        "32-1-2025",
        "0000-01-01",
        "7-3/2025",  // mixed separators
        "7/3-2025",
        "7.3-2025",
        "7 3 2025",
        "7/3/2025x",
        "2025-03-07x",
        "2025-03-07 ",  // not trimmed: refused
        " 2025-03-07",
        " 7-3-2025",
        "7-3-2025 ",
        "7-3-2025  14:05",
        "7-3-2025 25:00",  // time out of range or malformed
        "7-3-2025 24:00",
        "7-3-2025 14:60",
        "7-3-2025 14:05:60",
        "7-3-2025 14",
        "7-3-2025 14:5",
        "7-3-2025 14:05:9",
        "7-3-2025 114:05",
        "7-3-2025 :05",
        "7-3-2025 14:05:",
        "7-3-2025 14:05.123",  // a fraction only after seconds
        "7-3-2025 14:05:09.",
        "7-3-2025 14:05:09,123",
        "2025-03-07T",
        "2025-03-07X14:05",
        "2025-03-07T14:05:09ZZ",
        "2025-03-07T14:05:09+1:00",
        "2025-03-07T14:05:09+24:00",
        "2025-03-07T14:05:09+01:60",
        "2025-03-07T14:05:09+01:0",
        "2025-03-07T14:05:09+010",
        "2025-03-07T14:05:09+",
        "2025-03-07T14:05:09 +01:00",
        "2025-03-07T14:05:09 Z",
        "7-3-2025 2pm",
        "٧-٣-٢٠٢٥",  // non-ASCII digits
        "7-3-2025\u{0}",
    ]

    @Test("everything else is refused", arguments: rejectedDates)
    func rejectedDate(_ input: String) {
        #expect(ValueParsers.date(input) == nil)
        #expect(onBytes(input, ValueParsers.date) == nil)
    }

    @Test("the byte path reads only the given bytes")
    func byteBounds() {
        let bytes = Array("2025-03-07 14:05 trailing".utf8)
        bytes.withUnsafeBufferPointer { whole in
            #expect(ValueParsers.date(UnsafeBufferPointer(rebasing: whole[0..<10])) == Day(year: 2025, month: 3, day: 7))
            #expect(ValueParsers.date(UnsafeBufferPointer(rebasing: whole[0..<16])) == Day(year: 2025, month: 3, day: 7))
            #expect(ValueParsers.date(UnsafeBufferPointer(rebasing: whole[0..<9])) == nil)
            #expect(ValueParsers.date(UnsafeBufferPointer(rebasing: whole[0..<12])) == nil)
            #expect(ValueParsers.date(UnsafeBufferPointer(rebasing: whole[0..<0])) == nil)
        }
        #expect(ValueParsers.date(UnsafeBufferPointer<UInt8>(start: nil, count: 0)) == nil)
    }

    @Test("every day of 2023 and 2024 round-trips in each written form")
    func everyDayRoundTrips() {
        var day = Day(year: 2023, month: 1, day: 1)!
        while day.year < 2025 {
            let d = day.day, m = day.month, y = day.year
            let two = { (value: Int) in value < 10 ? "0\(value)" : "\(value)" }
            for text in [
                day.description, "\(d)-\(m)-\(y)", "\(two(d))-\(two(m))-\(y)", "\(d)/\(m)/\(y)",
                "\(two(d))/\(two(m))/\(y)", "\(d).\(m).\(y)", "\(two(d)).\(two(m)).\(y) 12:00",
            ] {
                #expect(ValueParsers.date(text) == day, "\(text)")
            }
            day = day.adding(days: 1)
        }
    }

    // MARK: Excel serial dates

    static let serialReferences: [(Double, String)] = [
        (45292, "2024-01-01"),
        (45351, "2024-02-29"),
        (44927, "2023-01-01"),
        (1, "1900-01-01"),
        (2, "1900-01-02"),
        (59, "1900-02-28"),
        (61, "1900-03-01"),
        (25569, "1970-01-01"),
        (36526, "2000-01-01"),
        (45292.5, "2024-01-01"),
        (45292.999999, "2024-01-01"),
        (45657.75, "2024-12-31"),
        (59.99, "1900-02-28"),
        (1.0001, "1900-01-01"),
        (2958465, "9999-12-31"),
        (2958465.9999, "9999-12-31"),
    ]

    @Test("Excel 1900 serials: reference points", arguments: serialReferences)
    func excelSerial(_ serial: Double, _ expected: String) {
        #expect(ValueParsers.excelSerialDate(serial) == Day(iso: expected))
    }

    static let rejectedSerials: [Double] = [
        60, 60.5,  // the fictitious 1900-02-29
        0, 0.5, 0.999, -1, -45292,
        2958466, 2958466.5, 1e12,
        .nan, .infinity, -.infinity, -0.0,
    ]

    @Test("Excel serials outside 1...2958465, and serial 60, are refused", arguments: rejectedSerials)
    func excelSerialRejected(_ serial: Double) {
        #expect(ValueParsers.excelSerialDate(serial) == nil)
    }

    @Test("Excel serials agree with the day count from 1970 (every 97th day, 1900-03-01...2100-12-31)")
    func excelSerialCrossCheck() {
        let first = Day(year: 1900, month: 3, day: 1)!
        let last = Day(year: 2100, month: 12, day: 31)!
        var checked = 0
        for offset in stride(from: first.daysSinceEpoch, through: last.daysSinceEpoch, by: 97) {
            let day = Day(daysSinceEpoch: offset)
            #expect(ValueParsers.excelSerialDate(Double(day.daysSinceEpoch + 25569)) == day, "\(day)")
            #expect(ValueParsers.excelSerialDate("\(day.daysSinceEpoch + 25569)") == day, "\(day)")
            checked += 1
        }
        #expect(checked > 750)
    }

    static let serialTexts: [(String, String)] = [
        ("45292", "2024-01-01"),
        ("45292.5", "2024-01-01"),
        ("45292.0", "2024-01-01"),
        ("4.5292E4", "2024-01-01"),
        ("4.5292e4", "2024-01-01"),
        ("4.5292E+4", "2024-01-01"),
        ("4.52925E+04", "2024-01-01"),
        ("452920E-1", "2024-01-01"),
        ("45292.99999999999999999", "2024-01-01"),  // exact decimal floor, no rounding up
        ("45292.999999999999999999999999999999", "2024-01-01"),
        ("0045292", "2024-01-01"),
        ("45351", "2024-02-29"),
        ("44927", "2023-01-01"),
        ("1", "1900-01-01"),
        ("59", "1900-02-28"),
        ("61", "1900-03-01"),
        ("2958465", "9999-12-31"),
        ("2.958465E6", "9999-12-31"),
        ("2958465.75", "9999-12-31"),
        ("45657.333333333336", "2024-12-31"),
    ]

    @Test("Excel serials as cell text", arguments: serialTexts)
    func excelSerialText(_ text: String, _ expected: String) {
        #expect(Day(iso: expected) != nil)
        #expect(ValueParsers.excelSerialDate(text) == Day(iso: expected))
        #expect(onBytes(text, { ValueParsers.excelSerialDate($0) }) == Day(iso: expected))
    }

    static let rejectedSerialTexts: [String] = [
        "", " ", "abc", "60", "60.25", "0", "0.5", "2958466", "99999999999999999999999",
        "-45292", "+45292", " 45292", "45292 ", "45 292", "45292,5", "45.292,5",
        "45292.", ".5", "4.5292E", "4.5292E+", "4.5292E4x", "4.5292E40", "4.5292E-400",
        "1e-1", "0e5", "45292x", "2024-01-01", "0x1", "inf", "nan",
    ]

    /// Serials of the 1904 date system (`date1904="1"`): 0 is 1904-01-01, no fictitious leap day,
    /// 1462 days after the 1900 system's day for the same serial.
    static let serials1904: [(String, String)] = [
        ("0", "1904-01-01"), ("1", "1904-01-02"), ("59", "1904-02-29"), ("60", "1904-03-01"),
        ("43830", "2024-01-01"), ("43830.75", "2024-01-01"), ("44316", "2025-05-01"), ("2957003", "9999-12-31"),
    ]

    @Test("1904 date system: serial 0 is 1904-01-01; the same serial is 4 years and 1 day later than in 1900", arguments: serials1904)
    func excelSerial1904(_ text: String, _ expected: String) {
        #expect(ValueParsers.excelSerialDate(text, system: .from1904) == Day(iso: expected))
        #expect(onBytes(text, { ValueParsers.excelSerialDate($0, system: .from1904) }) == Day(iso: expected))
        if let serial = Double(text), let in1900 = ValueParsers.excelSerialDate(serial),
            let in1904 = ValueParsers.excelSerialDate(serial, system: .from1904)
        {
            #expect(in1904.daysSinceEpoch - in1900.daysSinceEpoch == (serial < 60 ? 1461 : 1462))
        }
    }

    @Test("1904 date system: beyond 9999-12-31 or negative is refused", arguments: ["2957004", "-1", "abc"])
    func excelSerial1904Rejected(_ text: String) {
        #expect(ValueParsers.excelSerialDate(text, system: .from1904) == nil)
    }

    @Test("malformed or out-of-range serial text is refused", arguments: rejectedSerialTexts)
    func excelSerialTextRejected(_ text: String) {
        #expect(ValueParsers.excelSerialDate(text) == nil)
        #expect(onBytes(text, { ValueParsers.excelSerialDate($0) }) == nil)
    }

    // MARK: Yes / no

    static let politieValues: [(String, Politie?)] = [
        ("ja", .ja), ("JA", .ja), ("Ja", .ja), ("j", .ja), ("J", .ja), ("1", .ja), ("waar", .ja), ("WAAR", .ja),
        ("true", .ja), ("TRUE", .ja), ("True", .ja), ("yes", .ja), ("Yes", .ja), ("y", .ja), ("Y", .ja),
        ("nee", .nee), ("NEE", .nee), ("Nee", .nee), ("n", .nee), ("N", .nee), ("0", .nee), ("onwaar", .nee),
        ("Onwaar", .nee), ("false", .nee), ("FALSE", .nee), ("no", .nee), ("No", .nee),
        ("onbekend", .onbekend), ("Onbekend", .onbekend), ("ONBEKEND", .onbekend), ("?", .onbekend),
        ("", nil), (" ", nil), (" ja", nil), ("ja ", nil), ("jaa", nil), ("nein", nil), ("2", nil),
        ("00", nil), ("-", nil), ("x", nil), ("t", nil), ("f", nil), ("??", nil), ("onb", nil),
        ("ja/nee", nil), ("nvt", nil), ("jà", nil), ("ＪＡ", nil), ("unknown", nil), ("yes!", nil),
        ("JA\u{0}", nil),
    ]

    @Test("politie: Dutch and English yes/no spellings, onbekend and ?", arguments: politieValues)
    func politie(_ text: String, _ expected: Politie?) {
        #expect(ValueParsers.politie(text) == expected)
        #expect(onBytes(text, ValueParsers.politie) == expected)
    }

    @Test("boolean: the same vocabulary without onbekend", arguments: politieValues)
    func boolean(_ text: String, _ politie: Politie?) {
        let expected: Bool? =
            switch politie {
            case .ja: true
            case .nee: false
            case .onbekend, nil: nil
            }
        #expect(ValueParsers.boolean(text) == expected)
        #expect(onBytes(text, ValueParsers.boolean) == expected)
    }
}
