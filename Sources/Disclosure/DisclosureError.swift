// Errors of disclosure control, with Dutch messages for the operator.

import Foundation

/// Why suppression or the audit could not be carried out. Descriptions are in Dutch.
public enum DisclosureError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// The rule cannot be applied (threshold below 2, empty or numeric marker).
    case invalidRule(String)
    /// The hierarchy declarations contradict each other.
    case invalidHierarchy(String)
    /// A table is not a well-formed long-form table.
    case malformedTable(table: String, detail: String)
    /// The same cell occurs twice in one table.
    case duplicateCell(table: String, cell: String)
    /// The same cell has different values in two places.
    case conflictingValues(cell: String, first: String, second: String)
    /// A total is not the sum of its parts.
    case totalsDoNotAddUp(table: String, cell: String, total: Int, sum: Int, along: String)
    /// The published figures contradict each other (no non-negative completion exists).
    case inconsistentPublication(String)
    /// No choice of complementary cells protects this cell (for example because the audience's
    /// own figures or earlier editions fix everything around it).
    case cannotProtect(table: String, cell: String)
    /// The final audit of the suppressed tables failed (a bug if it ever happens).
    case auditFailed([String])

    public var description: String {
        switch self {
        case .invalidRule(let detail):
            return "ongeldige onderdrukkingsregel: \(detail)"
        case .invalidHierarchy(let detail):
            return "ongeldige hiërarchie: \(detail)"
        case .malformedTable(let table, let detail):
            return "tabel '\(table)': \(detail)"
        case .duplicateCell(let table, let cell):
            return "tabel '\(table)': de cel \(cell) komt twee keer voor"
        case .conflictingValues(let cell, let first, let second):
            return "de cel \(cell) heeft verschillende waarden: \(first) en \(second)"
        case .totalsDoNotAddUp(let table, let cell, let total, let sum, let along):
            return "tabel '\(table)': het totaal \(cell) is \(total), maar de onderliggende cellen (\(along)) "
                + "tellen op tot \(sum)"
        case .inconsistentPublication(let detail):
            return "de gepubliceerde cijfers zijn onderling tegenstrijdig: \(detail)"
        case .cannotProtect(let table, let cell):
            return "tabel '\(table)': de cel \(cell) is met geen enkele keuze van extra verborgen cellen te beschermen"
        case .auditFailed(let messages):
            return "de controle op terugrekenen is mislukt: " + messages.joined(separator: "; ")
        }
    }

    public var errorDescription: String? { description }
}
