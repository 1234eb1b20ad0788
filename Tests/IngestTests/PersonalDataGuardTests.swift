import Formats
import Ingest
import Testing

@Suite("PersonalDataGuard: values that look like personal data (covenant art. 8)")
struct PersonalDataGuardTests {
    /// Runs the byte-level variant on the UTF-8 bytes of a value.
    static func detectBytes(_ value: String) -> PersonalDataKind? {
        let bytes = Array(value.utf8)
        return bytes.withUnsafeBufferPointer { PersonalDataGuard.detect($0) }
    }

    /// Both variants must agree; returns the common answer (or records a failure).
    static func detectBoth(_ value: String) -> PersonalDataKind? {
        let fromString = PersonalDataGuard.detect(value)
        let fromBytes = detectBytes(value)
        #expect(fromString == fromBytes, "String and byte variants disagree on \(value.debugDescription)")
        return fromString
    }

    // MARK: - True positives

    @Test(
        "BSN: 9 digits passing the 11-check, in several notations and embedded in text",
        arguments: [
            "123456782",
            "111222333",
            "012345672",
            "999999990",
            "100000009",
            "leerling 123456782 gezien",
            "bsn123456782",
            "BSN: 111222333.",
            "1234.56.782",
            "1112.22.333",
            "1234-56-782",
            "1234 56 782",
            "123 456 782",
            "123.456.782",
            "123-456-782",
            "111.222.333",
            "123.456-782",
            "123\u{A0}456\u{A0}782",
            "INC-123456782",
            "(123456782)",
            "123456782a",
        ])
    func bsn(value: String) {
        #expect(Self.detectBoth(value) == .bsn)
    }

    @Test(
        "e-mail address: local part, @, domain with a dot and a 2+ letter TLD, anywhere",
        arguments: [
            "jan.jansen@example.org",
            "mail: jan.jansen@example.org",
            "j@school.nl",
            "a@b.nl",
            "INFO@SCHOOL.NL",
            "naam_1@sub-domein.almere.nl",
            "p.de.vries+school@mail.example.co.uk.",
            "contact via x@y.com graag",
            "<ouder@example.org>",
            "jan123456782@example.org",
            "o'brien@example.ie",
            "müller@example.de",
            "a@b@example.org",
        ])
    func email(value: String) {
        #expect(Self.detectBoth(value) == .email)
    }

    @Test(
        "Dutch phone number: mobile, landline and international notations",
        arguments: [
            // Mobile.
            "0612345678",
            "06-12345678",
            "06 12345678",
            "06 12 34 56 78",
            "06-123 456 78",
            "0612 345678",
            // Landline.
            "020-1234567",
            "0201234567",
            "036 123 45 67",
            "0361234567",
            "036-123 45 67",
            "036 123-4567",
            "0570-123456",
            "0570 12 34 56",
            "(036) 123 45 67",
            "(020)1234567",
            "020\u{A0}123\u{A0}4567",
            // International.
            "+31612345678",
            "+31 6 12345678",
            "+31 6 1234 5678",
            "+31-6-12345678",
            "+31 (0)20 123 4567",
            "+31(0)6-12345678",
            "+31 06 12345678",
            "+310612345678",
            "0031612345678",
            "0031 6 12345678",
            "0031-20-1234567",
            "0031 (0) 36 123 45 67",
            // Embedded in text.
            "bel 06-12345678 na 17u",
            "tel:0201234567",
            "telefoon ouder: 036 123 45 67.",
            "+31 612 345 610",
        ])
    func phone(value: String) {
        #expect(Self.detectBoth(value) == .telefoonnummer)
    }

    @Test(
        "postcode with house number",
        arguments: [
            "1234 AB 12",
            "1234AB12",
            "1234AB 12",
            "1234 AB12",
            "1321 XY 7a",
            "1321XY7-2",
            "1321XY7B",
            "1321 XY 7 B",
            "1234 AB 12 bis",
            "1315 RC-100",
            "1315 RC 12345",
            "9999ZZ1",
            "1234ab12",
            "1234ab 12",
            "adres: 1234 AB 12 3 hoog",
            "Stationsplein, 1315 KT 1 Almere",
            "1234\u{A0}AB\u{A0}12",
            "adres:1234AB12",
            "1:1234AB12",
        ])
    func postcode(value: String) {
        #expect(Self.detectBoth(value) == .postcodeMetHuisnummer)
    }

    // MARK: - True negatives

    @Test(
        "ordinary pseudonymous ids are not personal data",
        arguments: [
            "INC-2024-000123",
            "B0000001",
            "VO02-2025-17",
            "2024/0815",
            "A-17",
            "INC-0000000123",
            "PO-2025-0001",
            "2025-INC-12345678",
            "SCH-0042/2025/17",
            "17",
            "X",
            "INC_2024_03_07_001",
            "ALM-VO-04-2025-0312",
            "a7f3c9e2-1b4d-4e8a-9c2f-6d5e4b3a2f10",
            "1234-ABCD-5678",
            "id@intern",
            "INC@2024.01",
        ])
    func ordinaryIds(value: String) {
        #expect(Self.detectBoth(value) == nil)
    }

    @Test(
        "dates and date-like ids are not phone numbers or BSNs",
        arguments: [
            "2025-03-07",
            "07-03-2025",
            "07-03-2025-14",
            "07-03-2025 14:30",
            "2025-03-07 14:30:00",
            "20250307",
            "07032025",
            "7-3-2025",
            "2025.03.07",
            "07.03.2025",
            "2025-03",
        ])
    func dates(value: String) {
        #expect(Self.detectBoth(value) == nil)
    }

    @Test(
        "numbers that are not a BSN: failing 11-check, longer or shorter runs, all zeros",
        arguments: [
            "123456789",
            "123456788",
            "987654321",
            "061234567",
            "000000000",
            "1234567820",
            "12345678201",
            "1234567821234",
            "12345678",
            "1234567",
            "1234.56.789",
            "123 456 789",
            "12.345.6782",
            "1234.567.82",
            "123..456.782",
            "123_456_782",
            "123/456/782",
            "1234.56.7820",
            "123.456.7820",
            "12345.6.782",
            "1234 56",
            "9123456782",
        ])
    func notBSN(value: String) {
        #expect(Self.detectBoth(value) == nil)
    }

    @Test(
        "numbers that are not a phone number",
        arguments: [
            "06-123",
            "06-1234567",
            "061234567",
            "06123456789",
            "06-123456789",
            "0000000000",
            "0012345678",
            "1234567890",
            "020-123456",
            "020-1234-567",
            "06-12-34-56-78",
            "02012-34567",
            "+3161234567",
            "+31 6 1234567",
            "+316123456789",
            "+32612345678",
            "0032612345678",
            "0031",
            "+31",
            "+31 (0)",
        ])
    func notPhone(value: String) {
        #expect(Self.detectBoth(value) == nil)
    }

    @Test(
        "bare postcodes and look-alikes are not an address",
        arguments: [
            "1234 AB",
            "1234AB",
            "1234ab",
            "1234 SA 12",
            "1234SD12",
            "1234 ss 1",
            "0123 AB 12",
            "1234 ABC 12",
            "1234 AB 012",
            "1234 AB 123456",
            "12345 AB 12",
            "1234 A 12",
            "2024 op 3",
            "in 2024 om 9 uur",
            "1234 ab 12",
            "pc1234AB12",
            "3f1234ab12c9",
            "e3b0c44298fc1c149afbf4c8996fb924",
            "1234ab12c9f0",
            "1234AB12XY",
        ])
    func notPostcode(value: String) {
        #expect(Self.detectBoth(value) == nil)
    }

    @Test(
        "values that are not an e-mail address",
        arguments: [
            "jan@localhost",
            "jan@example.c",
            "jan@example.n1",
            "@example.org",
            "jan@",
            "jan@.org",
            "jan @example.org",
            "jan@ example.org",
            "...@example.org",
            "jan@example..org",
            "@@@@@@",
        ])
    func notEmail(value: String) {
        #expect(Self.detectBoth(value) == nil)
    }

    @Test(
        "category labels, codes and other stored values",
        arguments: [
            "",
            " ",
            "pesten",
            "Fysiek geweld",
            "fysiek_geweld",
            "bedreiging (online)",
            "wapenbezit",
            "diefstal/inbraak",
            "seksuele intimidatie",
            "discriminatie",
            "vernieling",
            "drugs/alcohol",
            "school",
            "omgeving",
            "onbekend",
            "12-15",
            "18+",
            "0-11",
            "BRIN 01AB",
            "VO-ALM-12",
            "Überfall — café",
        ])
    func labels(value: String) {
        #expect(Self.detectBoth(value) == nil)
    }

    // MARK: - 11-check

    /// Every valid check digit for some 8-digit prefixes is flagged; every other last digit is not.
    @Test("11-check decides for every last digit", arguments: ["12345678", "11122233", "98765432", "20123450", "70000001", "00000001"])
    func elevenCheck(prefix: String) {
        let digits = prefix.utf8.map { Int($0 - UInt8(ascii: "0")) }
        let weighted = digits.enumerated().reduce(0) { $0 + (9 - $1.offset) * $1.element }
        for last in 0...9 {
            let value = prefix + String(last)
            let valid = (weighted - last) % 11 == 0
            #expect(Self.detectBoth(value) == (valid ? .bsn : nil), "\(value)")
            #expect(Self.detectBoth("id \(value) x") == (valid ? .bsn : nil), "\(value) in text")
        }
    }

    // MARK: - Order, edges, API

    @Test(
        "precedence: e-mail before digits; at one position BSN, phone, postcode; leftmost match wins",
        arguments: [
            ("jan123456782@example.org", PersonalDataKind.email),
            ("06-12345678 jan@example.org", .email),
            ("+31 612 345 610", .telefoonnummer),
            ("0031 612 345 610", .telefoonnummer),
            ("123456782 en 06-12345678", .bsn),
            ("06-12345678 en 123456782", .telefoonnummer),
            ("1234 AB 12, bsn 123456782", .postcodeMetHuisnummer),
        ] as [(String, PersonalDataKind)])
    func precedence(value: String, kind: PersonalDataKind) {
        #expect(Self.detectBoth(value) == kind)
    }

    @Test("an empty buffer without a base address is not personal data")
    func emptyBuffer() {
        #expect(PersonalDataGuard.detect(UnsafeBufferPointer<UInt8>(start: nil, count: 0)) == nil)
        #expect(PersonalDataGuard.detect("") == nil)
    }

    @Test("the byte variant looks only at the given slice of a larger buffer")
    func slice() {
        let line = Array("x,123456782,y,INC-2024-000123".utf8)
        line.withUnsafeBufferPointer { all in
            let bsn = UnsafeBufferPointer(rebasing: all[2..<11])
            let id = UnsafeBufferPointer(rebasing: all[14...])
            let cut = UnsafeBufferPointer(rebasing: all[2..<10])
            #expect(PersonalDataGuard.detect(bsn) == .bsn)
            #expect(PersonalDataGuard.detect(id) == nil)
            #expect(PersonalDataGuard.detect(cut) == nil)
        }
    }

    @Test("a value of 64 characters is checked in full")
    func longValue() {
        let padding = String(repeating: "A", count: 55)
        #expect(Self.detectBoth(padding + "123456782") == .bsn)
        #expect(Self.detectBoth(padding + "123456789") == nil)
        #expect(Self.detectBoth(String(repeating: "1234-", count: 12) + "5678") == nil)
    }

    @Test("every kind has a Dutch reason")
    func reasons() {
        #expect(PersonalDataKind.allCases == [.bsn, .email, .telefoonnummer, .postcodeMetHuisnummer])
        #expect(PersonalDataKind.bsn.reason == "lijkt op een BSN (burgerservicenummer)")
        #expect(PersonalDataKind.email.reason == "lijkt op een e-mailadres")
        #expect(PersonalDataKind.telefoonnummer.reason == "lijkt op een telefoonnummer")
        #expect(PersonalDataKind.postcodeMetHuisnummer.reason == "lijkt op een postcode met huisnummer (adres)")
        #expect(Set(PersonalDataKind.allCases.map(\.reason)).count == PersonalDataKind.allCases.count)
    }

    @Test("1,000,000 calls on an ordinary id all answer nil (hot-path smoke check, no timing)")
    func manyCalls() {
        let bytes = Array("INC-2024-000123".utf8)
        var hits = 0
        bytes.withUnsafeBufferPointer { buffer in
            for _ in 0..<1_000_000 where PersonalDataGuard.detect(buffer) != nil { hits += 1 }
        }
        #expect(hits == 0)
    }
}
