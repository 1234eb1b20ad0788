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

    static func unzip(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unzip")
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    static func matches(_ pattern: String, in text: String) -> [[String]] {
        let expression = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return expression.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            (0..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }

    /// The charts of a workbook in their order (chart1, chart2, …).
    static func charts(_ workbook: String) throws -> [ChartXML] {
        let names = matches(#"xl/charts/chart(\d+)\.xml"#, in: try unzip(["-l", workbook])).map { Int($0[1])! }.sorted()
        return try names.map { number in
            let xml = try unzip(["-p", workbook, "xl/charts/chart\(number).xml"])
            let title = matches(#"<c:title>.*?<a:t>(.*?)</a:t>"#, in: xml).first?[1] ?? ""
            let series = matches(#"<c:ser>(.*?)</c:ser>"#, in: xml).map { match -> Series in
                let body = match[1]
                let name = matches(#"<c:tx>.*?<c:v>(.*?)</c:v>"#, in: body).first?[1] ?? ""
                let categories = matches(#"<c:pt idx="(\d+)"><c:v>(.*?)</c:v>"#, in: matches(#"<c:cat>(.*?)</c:cat>"#, in: body)[0][1])
                var label: [String: String] = [:]
                for point in categories { label[point[1]] = point[2] }
                let values = matches(#"<c:pt idx="(\d+)">"#, in: matches(#"<c:val>(.*?)</c:val>"#, in: body)[0][1]).map { $0[1] }
                return Series(name: name, points: Set(values.compactMap { label[$0] }))
            }
            return ChartXML(title: title, series: series)
        }
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
