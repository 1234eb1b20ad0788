import Domain

/// How busy a school day is in the demo: weekends and school holidays (region midden, in the
/// Dutch pattern) are quiet, the autumn term a little busier, June a little calmer.
enum SchoolCalendar {
    static func activity(on day: Day) -> Double {
        if day.weekday >= 5 { return 0.03 }
        if isHoliday(day) { return 0.05 }
        switch day.month {
        case 9, 10, 11: return 1.1
        case 6: return 0.9
        default: return 1.0
        }
    }

    static func isHoliday(_ day: Day) -> Bool {
        switch (day.month, day.day) {
        case (7, 15...31), (8, 1...31): return true  // zomervakantie
        case (12, 23...31), (1, 1...6): return true  // kerstvakantie
        case (10, 16...24): return true  // herfstvakantie
        case (2, 17...25): return true  // voorjaarsvakantie
        case (4, 26...30), (5, 1...5): return true  // meivakantie
        default: return false
        }
    }
}
