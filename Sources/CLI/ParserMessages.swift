/// The argument parser speaks English; everything a user reads is Dutch. Its usual phrases are
/// translated here (the usage line itself stays as generated).
import Foundation

enum ParserMessages {
    static let phrases: [(String, String)] = [
        ("Error: ", ""),
        ("Unknown option ", "onbekende optie "),
        ("Unexpected argument ", "onverwacht argument "),
        ("Unexpected arguments: ", "onverwachte argumenten: "),
        ("Missing expected argument ", "verplicht argument ontbreekt: "),
        ("Missing value for ", "waarde ontbreekt voor "),
        ("The value ", "de waarde "),
        (" is invalid for ", " is ongeldig voor "),
        ("Usage: ", "Gebruik: "),
        ("Help: ", "Uitleg: "),
        ("See '", "Zie '"),
        ("' for more information.", "' voor meer uitleg."),
        (". Please provide one of ", "; kies uit "),
        ("' and '", "' of '"),
    ]

    static func dutch(_ message: String) -> String {
        phrases.reduce(message) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }
}
