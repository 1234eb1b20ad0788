import Foundation
import Testing

/// What a person reads in the workbooks: no raw category code or machine column name anywhere
/// (the CSV keeps them, SPEC §4), and each pipeline's Kernboodschappen prints on one page.
@Suite("printed packs", .serialized)
struct PrintedPackTests {
    static let pipelines = ["kerngroep", "bestuurlijk", "stadsdeel", "po-wijk", "stedelijke-voorzieningen", "schoolgesprek"]

    /// The first workbook of each pipeline, published from the demo.
    static func workbooks(_ demo: DemoPacks) throws -> [String] {
        try pipelines.map { pipeline in
            let (output, _) = try demo.publish(pipeline, into: "gedrukt-\(pipeline)")
            let name = try #require(DemoPacks.files(output).first { $0.hasSuffix(".xlsx") })
            return output + "/" + name
        }
    }

    @Test("no workbook shows a raw category code or a machine column name")
    func noMachineWords() throws {
        let demo = try DemoPacks.get()
        let codes = try String(contentsOfFile: demo.folder.file("demo/referentie/categorieen.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().compactMap { $0.split(separator: ",").first.map(String.init) }
        #expect(codes.contains("FYSIEK_GEWELD"))
        let machine = [
            "per_1000", "bi_laag", "bi_hoog", "niet_aangeleverd", "niet_aangesloten", "vergeleken_met", "schoolmaanden_verwacht",
        ]
        for workbook in try Self.workbooks(demo) {
            let sheets = try DemoPacks.workbookText(workbook)
            for (sheet, rows) in sheets {
                for text in rows.flatMap({ $0 }) {
                    let words = Set(text.split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
                    for code in codes where words.contains(code) {
                        Issue.record("\((workbook as NSString).lastPathComponent), blad \(sheet): code \(code) in '\(text)'")
                    }
                    for name in machine where words.contains(name) {
                        Issue.record("\((workbook as NSString).lastPathComponent), blad \(sheet): kolomnaam \(name) in '\(text)'")
                    }
                }
            }
        }
    }

    @Test(
        "LibreOffice prints each pipeline's Kernboodschappen on one page",
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/soffice")
                && FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext"),
            "LibreOffice of pdftotext ontbreekt (scripts/setup.sh installeert ze)"))
    func keyMessagesOnOnePage() throws {
        let demo = try DemoPacks.get()
        let workbooks = try Self.workbooks(demo)
        let pdf = demo.folder.file("pdf")
        // One soffice call for all six: one render per pipeline.
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: "/usr/bin/soffice")
        convert.arguments =
            ["-env:UserInstallation=file://" + demo.folder.file("lo-profiel"), "--headless", "--convert-to", "pdf", "--outdir", pdf]
            + workbooks
        convert.standardOutput = FileHandle.nullDevice
        convert.standardError = FileHandle.nullDevice
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
        for workbook in workbooks {
            let name = ((workbook as NSString).lastPathComponent as NSString).deletingPathExtension
            // The footer names the sheet (&A): a form feed separates the pages of pdftotext's output.
            let text = Process()
            text.executableURL = URL(fileURLWithPath: "/usr/bin/pdftotext")
            text.arguments = ["-layout", pdf + "/" + name + ".pdf", "-"]
            let pipe = Pipe()
            text.standardOutput = pipe
            try text.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            text.waitUntilExit()
            let pages = output.split(separator: "\u{0C}")
            let keyPages = pages.filter { $0.contains("Schoolveilig — Kernboodschappen") }
            #expect(keyPages.count == 1, "\(name): Kernboodschappen op \(keyPages.count) pagina's")
            #expect(keyPages.first?.contains("Kerncijfers") == true, "\(name): geen kerncijfers op de eerste pagina")
            #expect(pages.count > 3, "\(name): \(pages.count) pagina's")
        }
    }
}
