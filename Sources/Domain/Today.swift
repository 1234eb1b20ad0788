import Foundation

/// Today's date in Europe/Amsterdam: the default as-of date (SPEC §2d) and the latest one a
/// command accepts. Retention folds by it, never by a later date.
public enum Today {
    public static func inAmsterdam(_ now: Date = Date()) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam") ?? TimeZone(secondsFromGMT: 3600)!
        let parts = calendar.dateComponents([.year, .month, .day], from: now)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}
