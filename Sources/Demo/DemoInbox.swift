import Domain
import Foundation

/// Lays out the demo's deliveries as schools would send them: a folder per school with one
/// export per quarter, named after the quarter (`VO01_2025-Q3.csv`, which declares that period),
/// in the school's own export style; a quarter without incidents is a zero report (header
/// only). One school later sends a correction of a quarter, one quarter's file has deliberate
/// mistakes that the ingest quarantines, and one school never delivered its last quarter but one.
public enum DemoInbox {
    /// The school whose quarter is corrected, and the school whose file has deliberate mistakes.
    static let correctedSchool = "VO02"
    static let flawedSchool = "MBO03"
    /// The lines of the flawed file that must land in quarantine: a date after the as-of date,
    /// an unknown category, a missing incident_id, and two conflicting repeats of one key.
    public static let deliberateQuarantineLines = 5
    /// The school that misses a quarter: "niet aangeleverd" in completeness and `status`.
    public static let missingSchool = "PO07"

    /// Every quarter from the first demo day to the as-of date.
    static func quarters(from first: Day, to last: Day) -> [String] {
        var result: [String] = []
        var month = Month(first)
        while month <= Month(last) {
            if result.last != month.kwartaal { result.append(month.kwartaal) }
            month = month.adding(months: 1)
        }
        return result
    }

    public static func write(incidents: [Incident], reference: ReferenceData, from first: Day, to asOf: Day, to inbox: String) throws {
        let allQuarters = quarters(from: first, to: asOf)
        let bySchool = Dictionary(grouping: incidents, by: \.schoolCode)
        for (index, school) in reference.scholen.enumerated() {
            let style = ExportStyle.forSchool(index: index)
            let folder = (inbox as NSString).appendingPathComponent(school.code)
            let byQuarter = Dictionary(grouping: bySchool[school.code] ?? [], by: \.datum.kwartaal)
            var quarters = allQuarters
            if school.code == missingSchool, quarters.count > 1 { quarters.remove(at: quarters.count - 2) }
            if school.code == flawedSchool, let last = quarters.popLast() {
                let rows = byQuarter[last] ?? []
                try FileOutput.write(
                    flawedExport(rows, categories: reference.categorieen),
                    to: folder, name: "\(school.code)_\(last).csv")
            }
            for quarter in quarters {
                let rows = byQuarter[quarter] ?? []
                try FileOutput.write(
                    ExportWriter.render(rows, style: style, categories: reference.categorieen),
                    to: folder, name: "\(school.code)_\(quarter).csv")
                if school.code == correctedSchool, quarter == quarters[quarters.count / 2], !rows.isEmpty {
                    try FileOutput.write(
                        ExportWriter.render(corrected(rows), style: style, categories: reference.categorieen),
                        to: folder, name: "\(school.code)_\(quarter)_correctie.csv")
                }
            }
        }
    }

    /// A correction: the same quarter again, with the police involvement of the first three
    /// incidents now known.
    static func corrected(_ rows: [Incident]) -> [Incident] {
        rows.enumerated().map { index, incident in
            guard index < 3 else { return incident }
            return Incident(
                schoolCode: incident.schoolCode, incidentId: incident.incidentId, datum: incident.datum,
                categorie: incident.categorie, locatie: incident.locatie,
                politie: incident.politie == .ja ? .nee : .ja, leeftijd: incident.leeftijd, ernst: incident.ernst)
        }
    }

    /// The quarter's rows plus deliberate mistakes (appended, so every real row still counts).
    static func flawedExport(_ rows: [Incident], categories: [Categorie]) -> String {
        var text = ExportWriter.render(rows, style: .canonical, categories: categories)
        let school = flawedSchool
        text += "\(school)-FOUT-1,\(school),2099-01-01,PESTEN,school,nee,16-17,licht\n"
        text += "\(school)-FOUT-2,\(school),2024-03-04,ONBEKENDE_SOORT,school,nee,16-17,licht\n"
        text += ",\(school),2024-03-05,DIEFSTAL,school,ja,18+,middel\n"
        text += "\(school)-FOUT-3,\(school),2024-03-06,DIEFSTAL,school,ja,18+,middel\n"
        text += "\(school)-FOUT-3,\(school),2024-03-06,DRUGS,school,ja,18+,middel\n"
        return text
    }
}
