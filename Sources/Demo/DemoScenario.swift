import Domain

/// The fixed facts of the demo: its period, its as-of date and the seed of its generator.
/// Changing any of them changes every demo figure, so tests pin them.
public enum DemoScenario {
    /// The first day of demo incidents: the start of school year 2022-2023.
    public static let firstDay = Day(year: 2022, month: 8, day: 1)!
    /// The demo's peildatum: the data run up to and including this day.
    public static let defaultAsOf = Day(year: 2026, month: 9, day: 30)!
    public static let seed: UInt64 = 2023_11_14
    /// The injected rising trend: weapons incidents at VO and MBO schools in stadsdeel Buiten
    /// grow by this factor per school year.
    public static let risingTrend = (categorie: "WAPENS", stadsdeel: "Buiten", factorPerYear: 1.7)
}
