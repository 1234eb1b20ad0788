import Domain

/// Dates as a Dutch reader writes them: "30 september 2026".
enum DutchDate {
    static let months = [
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december",
    ]

    static func long(_ day: Day) -> String { "\(day.day) \(months[day.month - 1]) \(day.year)" }
}
