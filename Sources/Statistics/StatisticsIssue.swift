// Why a statistic or signal could not be computed, with the Dutch reason shown to readers.
// No method in this module traps on user data; each answers bad input with one of these.

/// Why a statistic could not be computed.
///
/// Every method in this module answers bad input (missing or zero enrolment, a series that is
/// too short, only zeros, NaN) with one of these cases instead of trapping. `text` is the Dutch
/// reason that ends up in the signal data and in the sentence shown to readers.
public enum StatisticsIssue: Error, Sendable, Equatable, Hashable {
    /// Not enough data for the method (generic reason).
    case insufficientData
    /// The enrolment (pupil count, exposure) is missing, zero, negative or not a number.
    case missingEnrolment
    /// A count is negative, fractional where a whole number is required, or not a number.
    case invalidCount
    /// A parameter (confidence level, probability, ...) is out of range.
    case invalidParameter
    /// The series (or the baseline of the method) holds only zeros.
    case allZero
    /// The baseline periods of the method hold only zeros (no expected value can be estimated).
    case allZeroBaseline
    /// The series is shorter than the method needs.
    case seriesTooShort(needed: Int, available: Int)
    /// Fewer events than the minimum for a signal.
    case tooFewEvents(minimum: Int, observed: Int)
    /// Fewer events in the most recent periods than the Farrington rule requires.
    case tooFewRecentEvents(minimum: Int, periods: Int, observed: Int)
    /// The model fit did not converge (or the design was singular).
    case noConvergence

    /// The reason in Dutch, as shown to readers.
    public var text: String {
        switch self {
        case .insufficientData:
            return "te weinig gegevens"
        case .missingEnrolment:
            return "leerlingaantal ontbreekt"
        case .invalidCount:
            return "te weinig gegevens: ongeldig aantal"
        case .invalidParameter:
            return "ongeldige instelling"
        case .allZero:
            return "te weinig gegevens: alleen nullen"
        case .allZeroBaseline:
            return "te weinig gegevens: alleen nullen in de vergelijkingsperioden"
        case .seriesTooShort(let needed, let available):
            return "te weinig gegevens: reeks te kort (\(available) van de \(needed) perioden nodig)"
        case .tooFewEvents(let minimum, let observed):
            return "te weinig meldingen (\(observed), minimaal \(minimum) nodig)"
        case .tooFewRecentEvents(let minimum, let periods, let observed):
            return "te weinig meldingen in de laatste \(periods) perioden (\(observed), minimaal \(minimum) nodig)"
        case .noConvergence:
            return "te weinig gegevens: model niet te schatten"
        }
    }
}
