import Domain
import Formats
import Foundation
import Store

/// The aggregated delivery form (SPEC §2b): `school_code, maand, categorie, locatie, politie,
/// aantal`, explicit zeros allowed. Recognised by its header (`maand` and `aantal`, no
/// `incident_id`). Such files are small — schools × months × cells — so they are read on the
/// writing thread, in the file's one transaction.
enum AggregatedDelivery {
    typealias Column = AggregatedHeader.Column

    struct Context {
        let asOf: Day
        let schoolCodes: Set<String>
        let categories: CategoryMatcher
        let deliverySchool: String?
        let declaredPeriod: Period?
    }

    /// One row, copied (aggregated files are small): a sum row is held back until the next row.
    private struct Fields {
        let line: Int
        let fieldCount: Int
        let values: [String]
        func trimmed(_ index: Int) -> String { values[index].trimmingSpaces }
    }

    /// Ingests the rows below the header on `headerLine`; returns the dropped columns and the
    /// rows that were not data (empty rows, a closing sum row).
    static func ingest(
        path: String, dialect: Dialect, headerLine: Int = 1, writer: any AggregateSink,
        context: Context
    ) throws -> (dropped: [String], emptyRows: Int, totalRowLine: Int?) {
        let reader = try dialect.reader(path: path, headerLine: headerLine)
        var positions: [Column: Int]?
        var dropped: [String] = []
        var fieldCount = 0
        var emptyRows = 0
        var pendingTotal: Fields?
        func process(_ record: Fields) throws {
            guard let columns = positions else { return }
            writer.countRow()
            guard record.fieldCount == fieldCount else {
                try writer.quarantine(
                    line: record.line, column: nil, reason: "de regel heeft \(record.fieldCount) velden, de kopregel \(fieldCount)",
                    maskedValue: nil)
                return
            }
            var problems: [(String, String, String?)] = []
            func value(_ column: Column) -> String { columns[column].map { record.trimmed($0) } ?? "" }

            let rawSchool = value(.schoolCode)
            if rawSchool.isEmpty {
                problems.append(("school_code", "verplichte waarde ontbreekt", nil))
            } else if !context.schoolCodes.contains(rawSchool) {
                problems.append(("school_code", "onbekende school_code (niet in de referentiegegevens)", rawSchool))
            } else if let school = context.deliverySchool, school != rawSchool {
                problems.append(("school_code", "rij van een andere school dan \(school), de school van deze levering", rawSchool))
            }
            let maand = value(.maand)
            if let first = Day(iso: maand + "-01"), maand.count == 7 {
                let last = Day(year: first.year, month: first.month, day: Day.daysIn(month: first.month, year: first.year))!
                if first < Day.earliest {
                    problems.append(("maand", "maand ligt vóór 2000-01", maand))
                } else if first > context.asOf {
                    problems.append(("maand", "maand ligt na de peildatum \(context.asOf)", maand))
                } else if let period = context.declaredPeriod, !(period.contains(first) && period.contains(last)) {
                    problems.append(("maand", "maand valt buiten de opgegeven periode \(period.from) t/m \(period.to)", maand))
                }
            } else {
                problems.append(
                    ("maand", maand.isEmpty ? "verplichte waarde ontbreekt" : "geen maand in de vorm JJJJ-MM", maand.isEmpty ? nil : maand))
            }
            let rawCategory = value(.categorie)
            let categorie = context.categories.code(for: rawCategory)
            if categorie == nil {
                problems.append(
                    (
                        "categorie",
                        rawCategory.isEmpty
                            ? "verplichte waarde ontbreekt"
                            : "onbekende categorie (geen code, omschrijving of alias uit de categorielijst)",
                        rawCategory.isEmpty ? nil : rawCategory
                    ))
            }
            let rawLocatie = value(.locatie)
            let locatie = rawLocatie.isEmpty ? Locatie.onbekend : Locatie.parse(rawLocatie)
            if locatie == nil { problems.append(("locatie", "ongeldige waarde; toegestaan: \(Locatie.allowedList) of leeg", rawLocatie)) }
            let rawPolitie = value(.politie)
            let politie = rawPolitie.isEmpty ? Politie.onbekend : (ValueParsers.politie(rawPolitie) ?? Politie.parse(rawPolitie))
            if politie == nil { problems.append(("politie", "ongeldige waarde; toegestaan: ja, nee, onbekend of leeg", rawPolitie)) }
            let rawCount = value(.aantal)
            let aantal = rawCount.allSatisfy(\.isASCII) ? Int(rawCount) : nil
            if aantal == nil || aantal! < 0 || rawCount.count > 9 {
                problems.append(
                    (
                        "aantal", rawCount.isEmpty ? "verplichte waarde ontbreekt" : "geen geheel aantal ≥ 0",
                        rawCount.isEmpty ? nil : rawCount
                    ))
            }
            guard problems.isEmpty, let categorie, let locatie, let politie, let aantal else {
                for (column, reason, raw) in problems {
                    try writer.quarantine(line: record.line, column: column, reason: reason, maskedValue: raw.map(Masking.mask))
                }
                return
            }
            writer.add(
                line: record.line,
                AggregateWriter.Cell(
                    schoolCode: rawSchool, maand: maand, categorie: categorie,
                    locatie: locatie, politie: politie), aantal: aantal)
        }
        try reader.forEachRecord { raw in
            if raw.isBlank {
                emptyRows += 1
                return
            }
            if raw.line < headerLine { return }
            let record = Fields(line: raw.line, fieldCount: raw.fieldCount, values: raw.strings)
            guard positions != nil else {
                var found: [Column: Int] = [:]
                for (index, raw) in record.values.enumerated() {
                    let name = TextFolding.fold(raw)
                    if let column = Column(rawValue: name) { found[column] = index } else { dropped.append(raw.trimmingUnicodeSpaces) }
                }
                let missing = Column.allCases.filter { $0.isRequired && found[$0] == nil }
                if !missing.isEmpty {
                    throw CSVReader.Failure(
                        line: record.line,
                        message: "geaggregeerde levering: verplichte kolom ontbreekt: \(missing.map(\.rawValue).joined(separator: ", "))")
                }
                positions = found
                fieldCount = record.fieldCount
                return
            }
            if let total = pendingTotal {
                try process(total)
                pendingTotal = nil
            }
            if raw.looksLikeTotal {
                pendingTotal = record
            } else {
                try process(record)
            }
        }
        return (dropped, emptyRows, pendingTotal?.line)
    }
}
