// Personal-data detector for stored text fields (covenant art. 8, AVG; SPEC §2d and §5).
//
// Every text value that would be stored (mainly the school's pseudonymous `incident_id`) is
// checked here first: a value that looks like personal data is not stored but quarantined, with
// the value masked. The check runs on every field of every row, so it works on raw UTF-8 bytes,
// uses no Foundation and no regular expressions, and rules out ordinary values after one cheap
// scan.
//
// Rules (ASCII digits and letters; a "space" is U+0020 or a no-break space U+00A0):
//
// * BSN (burgerservicenummer): exactly 9 digits that pass the 11-check (elfproef:
//   9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9 ≡ 0 (mod 11)), not all zeros.
//   Written either as one run of exactly 9 digits (not part of a longer digit run: a 10-digit run
//   is never a BSN) or in groups 4-2-3 (`1234.56.782`) or 3-3-3 (`123 456 782`), each gap one
//   `.`, `-` or space. 8-digit (unpadded) BSNs are not recognised.
// * E-mail address: a local part (letters, digits, non-ASCII bytes, ``.!#$%&'*+-/=?^_`{|}~``,
//   at least one letter or digit) directly before an `@`, and directly after it a domain of at
//   least two dot-separated labels (letters, digits, non-ASCII bytes, `-`) whose last label, the
//   TLD, is 2 or more ASCII letters. Anywhere in the value.
// * Dutch phone number, not part of a longer digit run:
//   - national: 10 digits starting with `0` and a non-zero second digit (so `00…` ids are not
//     numbers), either as one run (`0612345678`, `0361234567`) or as an area code of 2–4 digits
//     (`06`, `020`, `036`, `0570`; optionally in parentheses: `(036) 1234567`) followed by a `-`
//     or space and the rest, which may be split by spaces (`06-12345678`, `020-1234567`,
//     `036 123 45 67`). At most one `-` in the whole number, so a date followed by a sequence
//     number (`07-03-2025-14`, `07-03-2025 14:30`) is not a phone number.
//   - international: `+31` or `0031`, an optional `-` or space, an optional trunk zero `(0)` or
//     `0`, then 9 digits (the first one 1–9) split by any `-` or spaces
//     (`+31612345678`, `+31 6 12345678`, `+31 (0)20 123 4567`, `0031-20-1234567`).
// * Postcode with house number: 4 digits (the first not 0, not part of a longer run, not directly
//   after a letter), an optional space, 2 letters (not SA, SD or SS; not followed by a third
//   letter), an optional space or `-`, and a house number of 1–5 digits starting with 1–9,
//   optionally followed by one letter; after that no letter or digit, but any other addition may
//   follow (`1234 AB 12`, `1234AB12`, `1321 XY 7a`, `1315 RC-100`, `1234 AB 12-3 hoog`).
//   Lower-case letters count only when written against the digits (`1234ab12`, `1234ab 12`), so
//   text such as `2024 op 3` is not an address. The letter boundaries keep hex hashes such as
//   `3f1234ab12c9` out. A bare postcode (`1234 AB`, `1234AB`) is not flagged: it can be an id.
//
// Order: when the value contains an `@`, e-mail is checked first (digits inside an address are
// then not reported as a BSN). Otherwise the digit patterns are tried left to right at the start
// of each digit run, and at one start in the order BSN, phone number, postcode, so
// `+31 612 345 678` is a phone number even though `612 345 678` alone could pass the 11-check.
//
// Fast path: one branch-free scan counts the digits and looks for `@`. Values shorter than 6
// bytes, and values without `@` with fewer than 5 digits, are done. Otherwise a second scan visits
// only the starts of digit runs, and each check runs only behind a cheap gate: a BSN needs 9
// digits left in the value and a run of 9, 3 or 4 digits; a phone number 10 digits left and a run
// starting with `0` or after `+`; a postcode a run of 4 digits not starting with `0`. Each check
// tests the shape before it computes anything and stops at the first byte that does not fit.

/// A kind of personal data a stored value must not contain.
public enum PersonalDataKind: String, Sendable, CaseIterable {
    case bsn, email, telefoonnummer, postcodeMetHuisnummer

    /// Dutch reason for a quarantine line, e.g. "lijkt op een BSN (burgerservicenummer)".
    public var reason: String {
        switch self {
        case .bsn: "lijkt op een BSN (burgerservicenummer)"
        case .email: "lijkt op een e-mailadres"
        case .telefoonnummer: "lijkt op een telefoonnummer"
        case .postcodeMetHuisnummer: "lijkt op een postcode met huisnummer (adres)"
        }
    }
}

/// Detects values that look like personal data; see the rules at the top of this file.
public enum PersonalDataGuard {
    /// The first kind of personal data the value looks like, or nil.
    public static func detect(_ value: String, checkingBSN: Bool = true) -> PersonalDataKind? {
        var value = value
        return value.withUTF8 { detect($0, checkingBSN: checkingBSN) }
    }

    /// Byte-level variant used on the hot path (UTF-8 bytes of a field).
    /// With `checkingBSN` false the 11-check is left out (a declared sequence number, see
    /// `IncidentIdFormat`); the other kinds are still checked.
    public static func detect(_ bytes: UnsafeBufferPointer<UInt8>, checkingBSN: Bool = true) -> PersonalDataKind? {
        let n = bytes.count
        // The shortest candidate is an e-mail address such as `a@b.nl` (6 bytes).
        guard n >= 6, let p = bytes.baseAddress else { return nil }

        // Quick first scan: count digits, look for `@`.
        // Branch-free, so the loop stays tight.
        var digits = 0
        var hasAt = false
        for b in bytes {
            digits &+= isDigit(b) ? 1 : 0
            hasAt = hasAt || b == Byte.at
        }
        if hasAt, containsEmail(p, n) { return .email }
        if digits < 5 { return nil }

        // Try the digit patterns at the start of each digit run, left to right.
        var remaining = digits
        var i = 0
        while i < n, remaining >= 5 {
            guard isDigit(p[i]) else {
                i &+= 1
                continue
            }
            let start = i
            while i < n, isDigit(p[i]) { i &+= 1 }
            let run = i &- start
            // Cheap gates first: the full checks run only where their pattern can start.
            if checkingBSN, remaining >= 9, run == 9 || run == 3 || run == 4, isBSN(p, n, start, run) { return .bsn }
            if remaining >= 10, p[start] == Byte.zero || (start > 0 && p[start &- 1] == Byte.plus),
                isInternationalPhone(p, n, start, run) || isNationalPhone(p, n, start, run)
            {
                return .telefoonnummer
            }
            if run == 4, p[start] != Byte.zero, isPostcodeWithHouseNumber(p, n, start, run) { return .postcodeMetHuisnummer }
            remaining &-= run
        }
        return nil
    }

    // MARK: - Bytes

    private enum Byte {
        static let zero = UInt8(ascii: "0"), one = UInt8(ascii: "1")
        static let at = UInt8(ascii: "@"), dot = UInt8(ascii: "."), dash = UInt8(ascii: "-")
        static let plus = UInt8(ascii: "+"), space = UInt8(ascii: " ")
        static let open = UInt8(ascii: "("), close = UInt8(ascii: ")")
        static let three = UInt8(ascii: "3")
        /// UTF-8 of U+00A0 NO-BREAK SPACE.
        static let nbsp0: UInt8 = 0xC2, nbsp1: UInt8 = 0xA0
    }

    @inline(__always)
    private static func isDigit(_ b: UInt8) -> Bool { b &- Byte.zero < 10 }

    @inline(__always)
    private static func isNonZeroDigit(_ b: UInt8) -> Bool { b &- Byte.one < 9 }

    @inline(__always)
    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) &- UInt8(ascii: "a") < 26 }

    @inline(__always)
    private static func isUpper(_ b: UInt8) -> Bool { b &- UInt8(ascii: "A") < 26 }

    /// A letter, digit or a byte of a non-ASCII character.
    @inline(__always)
    private static func isWordByte(_ b: UInt8) -> Bool { isDigit(b) || isLetter(b) || b >= 0x80 }

    /// Length of a space at `i`: 1 for U+0020, 2 for a no-break space, otherwise 0.
    @inline(__always)
    private static func spaceLength(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int) -> Int {
        guard i < n else { return 0 }
        if p[i] == Byte.space { return 1 }
        if p[i] == Byte.nbsp0, i &+ 1 < n, p[i &+ 1] == Byte.nbsp1 { return 2 }
        return 0
    }

    /// Length of a space or `-` (and `.` when `dot`) at `i`, otherwise 0.
    @inline(__always)
    private static func separatorLength(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, dot: Bool = false) -> Int {
        guard i < n else { return 0 }
        let b = p[i]
        if b == Byte.dash || (dot && b == Byte.dot) { return 1 }
        return spaceLength(p, n, i)
    }

    // MARK: - BSN

    /// One run of exactly 9 digits, or groups 4-2-3 / 3-3-3 with one `.`, `-` or space between
    /// them, passing the 11-check.
    private static func isBSN(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ run: Int) -> Bool {
        var check = ElevenCheck()
        if run == 9 {
            check.add(p, from: start, count: 9)
            return check.passes
        }
        // Shape first (cheap), digits afterwards.
        guard run == 3 || run == 4 else { return false }
        let middle = run == 4 ? 2 : 3
        let gap1 = separatorLength(p, n, start &+ run, dot: true)
        guard gap1 > 0 else { return false }
        let second = start &+ run &+ gap1
        guard isDigitRun(p, n, second, length: middle) else { return false }
        let gap2 = separatorLength(p, n, second &+ middle, dot: true)
        guard gap2 > 0 else { return false }
        let third = second &+ middle &+ gap2
        guard isDigitRun(p, n, third, length: 3) else { return false }
        check.add(p, from: start, count: run)
        check.add(p, from: second, count: middle)
        check.add(p, from: third, count: 3)
        return check.passes
    }

    /// True when exactly `length` digits start at `i` (followed by a non-digit or the end).
    @inline(__always)
    private static func isDigitRun(_ p: UnsafePointer<UInt8>, _ n: Int, _ i: Int, length: Int) -> Bool {
        guard i &+ length <= n else { return false }
        var k = 0
        while k < length {
            guard isDigit(p[i &+ k]) else { return false }
            k &+= 1
        }
        return i &+ length == n || !isDigit(p[i &+ length])
    }

    /// The 11-check (elfproef) of a BSN, fed digit by digit:
    /// 9·d1 + 8·d2 + … + 2·d8 − 1·d9 ≡ 0 (mod 11), and not all digits zero.
    private struct ElevenCheck {
        private var sum = 0, count = 0, nonZero = false

        @inline(__always)
        mutating func add(_ p: UnsafePointer<UInt8>, from start: Int, count digits: Int) {
            var k = start
            let end = start &+ digits
            while k < end {
                let digit = Int(p[k] &- Byte.zero)
                sum &+= count < 8 ? (9 &- count) &* digit : -digit
                nonZero = nonZero || digit != 0
                count &+= 1
                k &+= 1
            }
        }

        var passes: Bool { count == 9 && nonZero && sum % 11 == 0 }
    }

    // MARK: - Phone numbers

    /// `+31` or `0031`, an optional separator, an optional trunk zero `(0)` or `0`, then 9 digits.
    private static func isInternationalPhone(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ run: Int) -> Bool {
        var i: Int
        if run >= 2, start > 0, p[start &- 1] == Byte.plus, p[start] == Byte.three, p[start &+ 1] == Byte.one {
            i = start &+ 2
        } else if run >= 4, p[start] == Byte.zero, p[start &+ 1] == Byte.zero, p[start &+ 2] == Byte.three, p[start &+ 3] == Byte.one {
            i = start &+ 4
        } else {
            return false
        }
        i &+= separatorLength(p, n, i)
        if i &+ 2 < n, p[i] == Byte.open, p[i &+ 1] == Byte.zero, p[i &+ 2] == Byte.close {
            i &+= 3
            i &+= separatorLength(p, n, i)
        } else if i < n, p[i] == Byte.zero {
            i &+= 1
        }
        guard i < n, isNonZeroDigit(p[i]) else { return false }
        return digitGroups(p, n, from: i, count: 9, dashes: .max)
    }

    /// 10 digits starting with `0` and a non-zero digit: one run, or an area code of 2–4 digits
    /// (optionally in parentheses), a `-` or space, and the rest split by spaces; at most one `-`.
    private static func isNationalPhone(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ run: Int) -> Bool {
        guard run >= 2, p[start] == Byte.zero, p[start &+ 1] != Byte.zero else { return false }
        if run == 10 { return true }
        guard run <= 4 else { return false }
        var i = start &+ run
        guard i < n else { return false }
        var dashes = 1
        if p[i] == Byte.close, start > 0, p[start &- 1] == Byte.open {
            i &+= 1
            i &+= spaceLength(p, n, i)
        } else if p[i] == Byte.dash {
            dashes = 0
            i &+= 1
        } else {
            let gap = spaceLength(p, n, i)
            guard gap > 0 else { return false }
            i &+= gap
        }
        return digitGroups(p, n, from: i, count: 10 &- run, dashes: dashes)
    }

    /// True when exactly `count` digits follow from `i`, in runs separated by one space or `-`
    /// (at most `dashes` of them `-`), the last run ending at the `count`th digit.
    private static func digitGroups(_ p: UnsafePointer<UInt8>, _ n: Int, from i: Int, count: Int, dashes: Int) -> Bool {
        var i = i, read = 0, dashes = dashes
        while true {
            guard i < n, isDigit(p[i]) else { return false }
            while i < n, isDigit(p[i]) {
                read &+= 1
                guard read <= count else { return false }
                i &+= 1
            }
            if read == count { return true }
            guard i < n else { return false }
            if p[i] == Byte.dash {
                guard dashes > 0 else { return false }
                dashes &-= 1
                i &+= 1
            } else {
                let gap = spaceLength(p, n, i)
                guard gap > 0 else { return false }
                i &+= gap
            }
        }
    }

    // MARK: - Postcode with house number

    private static func isPostcodeWithHouseNumber(_ p: UnsafePointer<UInt8>, _ n: Int, _ start: Int, _ run: Int) -> Bool {
        guard run == 4, p[start] != Byte.zero, start == 0 || !isLetter(p[start &- 1]) else { return false }
        var i = start &+ 4
        let gap = spaceLength(p, n, i)
        i &+= gap
        guard i &+ 2 < n, isLetter(p[i]), isLetter(p[i &+ 1]), !isLetter(p[i &+ 2]) else { return false }
        let upper = isUpper(p[i]) && isUpper(p[i &+ 1])
        // Lower-case letters only against the digits: `2024 op 3` is text, not an address.
        guard upper || gap == 0 else { return false }
        if p[i] | 0x20 == UInt8(ascii: "s") {
            let second = p[i &+ 1] | 0x20
            if second == UInt8(ascii: "a") || second == UInt8(ascii: "d") || second == UInt8(ascii: "s") { return false }
        }
        i &+= 2
        i &+= separatorLength(p, n, i)
        guard i < n, isNonZeroDigit(p[i]) else { return false }
        let numberStart = i
        while i < n, isDigit(p[i]) { i &+= 1 }
        guard i &- numberStart <= 5 else { return false }
        // A letter addition is one letter (`7a`), not the start of a longer word or hex string.
        guard i < n, isLetter(p[i]) else { return true }
        return i &+ 1 == n || !(isLetter(p[i &+ 1]) || isDigit(p[i &+ 1]))
    }

    // MARK: - E-mail

    private static func containsEmail(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        for at in 1..<n where p[at] == Byte.at {
            if isEmail(p, n, at: at) { return true }
        }
        return false
    }

    @inline(__always)
    private static func isLocalPartByte(_ b: UInt8) -> Bool {
        if isWordByte(b) { return true }
        switch b {
        case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "%"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"),
            UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"),
            UInt8(ascii: "`"), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    private static func isEmail(_ p: UnsafePointer<UInt8>, _ n: Int, at: Int) -> Bool {
        // Local part: the bytes directly before `@`, with at least one letter or digit.
        var i = at &- 1
        var localHasWord = false
        while i >= 0, isLocalPartByte(p[i]) {
            if isWordByte(p[i]) {
                localHasWord = true
                break
            }
            i &-= 1
        }
        guard localHasWord else { return false }

        // Domain: labels separated by single dots; the last one is the TLD.
        var j = at &+ 1
        var labels = 0
        var tldStart = j, tldEnd = j
        while true {
            let labelStart = j
            while j < n, isWordByte(p[j]) || p[j] == Byte.dash { j &+= 1 }
            guard j > labelStart else { break }
            labels &+= 1
            tldStart = labelStart
            tldEnd = j
            guard j &+ 1 < n, p[j] == Byte.dot, isWordByte(p[j &+ 1]) || p[j &+ 1] == Byte.dash else { break }
            j &+= 1
        }
        guard labels >= 2, tldEnd &- tldStart >= 2 else { return false }
        for k in tldStart..<tldEnd where !isLetter(p[k]) { return false }
        return true
    }
}
