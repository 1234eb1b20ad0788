import Foundation
import Testing

/// Issue 18, build item 2: "a visible mark where a point is hidden". Each trend chart of the
/// demo's kerngroep pack is read back from the workbook's chart XML (the values cached in it, as a
/// viewer draws them) and compared with the trend table's CSV: a period with a hidden part gets a
/// mark on the parts chart, a hidden total one on the total chart, and a period that not every
/// school delivered a mark on the chart that lacks the point; no other period has one.
@Suite("marks on trend charts for points without a number", .serialized)
struct TrendMarkTests {
    /// One chart series as cached in the chart XML: its legend name and the category labels of
    /// the points it has.
    struct Series {
        let name: String
        let points: Set<String>
    }

    struct ChartXML {
        let title: String
        let series: [Series]

        func points(_ name: String) -> Set<String> { series.first { $0.name == name }?.points ?? [] }
    }

    /// The charts of a workbook in their order (chart1, chart2, …).
    static func charts(_ workbook: String) throws -> [ChartXML] {
        var charts: [ChartXML] = []
        // chart1.xml, chart2.xml, … until the next one is not in the workbook.
        while case let xml = try PrintedPackTests.part(workbook, "xl/charts/chart\(charts.count + 1).xml"), !xml.isEmpty {
            func first(_ pattern: String, in text: String) throws -> String {
                try PrintedPackTests.matches(pattern, in: text).first?[0] ?? ""
            }
            let series = try PrintedPackTests.matches(#"<c:ser>(.*?)</c:ser>"#, in: xml).map { match -> Series in
                let body = match[0]
                var label: [String: String] = [:]
                for point in try PrintedPackTests.matches(
                    #"<c:pt idx="(\d+)"><c:v>(.*?)</c:v>"#, in: try first(#"<c:cat>(.*?)</c:cat>"#, in: body))
                {
                    label[point[0]] = point[1]
                }
                let values = try PrintedPackTests.matches(#"<c:pt idx="(\d+)">"#, in: try first(#"<c:val>(.*?)</c:val>"#, in: body))
                return Series(name: try first(#"<c:tx>.*?<c:v>(.*?)</c:v>"#, in: body), points: Set(values.compactMap { label[$0[0]] }))
            }
            charts.append(ChartXML(title: try first(#"<c:title>.*?<a:t>(.*?)</a:t>"#, in: xml), series: series))
        }
        return charts
    }

    @Test(
        "a hidden part, a hidden total and an incomplete period each get a mark on the axis, exactly where the trend table has no number",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/unzip"), "unzip ontbreekt"))
    func marks() throws {
        let demo = try DemoPacks.get()
        let (output, _) = try demo.publish("kerngroep", into: "markeringen")
        let charts = try Self.charts(output + "/kerngroep_2026-Q3.xlsx")
        var marked = 0
        var checked = 0
        for (index, chart) in charts.enumerated() {
            // A parts chart ("Per sector: …"), followed by its total chart.
            guard chart.title.hasPrefix("Per "), let dimension = chart.title.dropFirst(4).split(separator: ":").first else { continue }
            let csv = try String(contentsOfFile: "\(output)/kerngroep_2026-Q3/trend_\(dimension).csv", encoding: .utf8)
            let rows = csv.split(separator: "\r\n").dropFirst().map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            // period, part, aantal, leerlingen, per_1000, …
            let hiddenPart = Set(rows.filter { $0[1] != "Totaal" && $0[2] == "x" }.map { $0[0] })
            let hiddenTotal = Set(rows.filter { $0[1] == "Totaal" && $0[2] == "x" }.map { $0[0] })
            let incompletePart = Set(rows.filter { $0[1] != "Totaal" && $0[2] != "x" && Double($0[4]) == nil }.map { $0[0] })
            let incompleteTotal = Set(rows.filter { $0[1] == "Totaal" && $0[2] != "x" && Double($0[4]) == nil }.map { $0[0] })
            let total = charts[index + 1]
            #expect(total.title.hasPrefix("Totaal"), "\(total.title)")
            #expect(chart.points("afgeschermd (geen getal)") == hiddenPart, "\(chart.title)")
            #expect(chart.points("niet volledig aangeleverd") == incompletePart, "\(chart.title)")
            #expect(total.points("afgeschermd (geen getal)") == hiddenTotal, "\(chart.title), totaal")
            #expect(total.points("niet volledig aangeleverd") == incompleteTotal, "\(chart.title), totaal")
            // A marked total has no point of its own.
            let line = try #require(total.series.first { $0.name == "Totaal per 1.000 leerlingen" })
            #expect(line.points.isDisjoint(with: hiddenTotal.union(incompleteTotal)), "\(chart.title)")
            marked += hiddenPart.count + hiddenTotal.count + incompletePart.count + incompleteTotal.count
            checked += 1
        }
        // The demo's kerngroep has three trend tables, hidden sector points and an incomplete quarter.
        #expect(checked == 3)
        #expect(marked > 3)
    }
}
