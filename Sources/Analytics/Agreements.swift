import Domain
import Store

/// The covenant's other agreements (SPEC §1 `afspraken.csv`, art. 7.2): per school year and
/// agreement, how many joined schools met it (`ja`), did not (`nee`), or have no record for that
/// year (`onbekend`), with the total (`Totaal`). A school counts for a school year when it had
/// joined by that year's last day; before it joined it is not counted at all, never as "nee".
public enum Agreements {
    public static let dimensions = ["schooljaar", "afspraak", "voldaan"]
    public static let names = ["coordinator", "vertrouwenspersoon", "veiligheidsplan", "politiecontacten", "jaargesprek"]

    public static func compute(schoolYears: [String], filter: SchoolFilter, in reader: some MartReader) throws -> LongTable {
        compute(schoolYears: schoolYears, filter: filter, try reader.martSnapshot(months: nil))
    }

    public static func compute(schoolYears: [String], filter: SchoolFilter, _ snapshot: MartSnapshot) -> LongTable {
        let schools = SchoolMonthFrame.allSchools(snapshot).filter(filter.admits)
        let records = records(snapshot)
        var rows: [LongTable.Row] = []
        for year in schoolYears.sorted() {
            guard let end = Day(iso: String(year.suffix(4)) + "-07-31") else { continue }
            let joined = schools.filter { ($0.aangeslotenPer ?? Day.earliest) <= end }
            for (index, name) in names.enumerated() {
                var counts = ["ja": 0, "nee": 0, "onbekend": 0]
                for school in joined {
                    guard let record = records[school.code + "|" + year] else { counts["onbekend", default: 0] += 1; continue }
                    counts[record.agreements[index].met ? "ja" : "nee", default: 0] += 1
                }
                for value in ["ja", "nee", "onbekend"] {
                    rows.append(LongTable.Row(keys: [year, name, value], values: [.integer(counts[value] ?? 0)]))
                }
                rows.append(LongTable.Row(keys: [year, name, "Totaal"], values: [.integer(joined.count)]))
            }
        }
        return LongTable(dimensions: dimensions, measures: ["aantal"], rows: rows)
    }

    /// One school's own agreements per school year: met or not, with the police contacts and the
    /// day of the yearly talk.
    public static func own(school: String, schoolYears: [String], in reader: some MartReader) throws -> LongTable {
        own(school: school, schoolYears: schoolYears, try reader.martSnapshot(months: nil))
    }

    public static func own(school: String, schoolYears: [String], _ snapshot: MartSnapshot) -> LongTable {
        let records = records(snapshot)
        var rows: [LongTable.Row] = []
        for year in schoolYears.sorted() {
            guard let record = records[school + "|" + year] else {
                rows += names.map { LongTable.Row(keys: [year, $0], values: [.text("onbekend"), .empty]) }
                continue
            }
            for (index, name) in names.enumerated() {
                let detail: LongTable.Value
                switch name {
                case "politiecontacten": detail = .text("\(record.politiecontacten) contacten")
                case "jaargesprek": detail = record.jaargesprek.map { .text("gehouden op \($0)") } ?? .text("niet gehouden")
                default: detail = .empty
                }
                rows.append(LongTable.Row(keys: [year, name], values: [.text(record.agreements[index].met ? "ja" : "nee"), detail]))
            }
        }
        return LongTable(dimensions: ["schooljaar", "afspraak"], measures: ["voldaan", "toelichting"], rows: rows)
    }

    static func records(_ snapshot: MartSnapshot) -> [String: Afspraak] {
        var result: [String: Afspraak] = [:]
        for record in snapshot.agreements { result[record.schoolCode + "|" + record.schooljaar] = record }
        return result
    }
}
