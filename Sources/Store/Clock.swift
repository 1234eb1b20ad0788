import Foundation

/// Wall-clock times for the database's own records (delivery received, reference loaded).
/// Never written into a pack: packs carry only the as-of date (SPEC §4).
public enum Clock {
    public static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
