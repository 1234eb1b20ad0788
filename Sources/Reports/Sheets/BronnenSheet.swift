import Workbook

/// Bronnen: the deliveries used per sector (a shared pack names no school or file), the
/// reference data's hash, the as-of date; a school's own pack also lists its own files.
enum BronnenSheet {
    static func write(_ info: PackInfo, on sheet: Worksheet) throws {
        try sheet.setColumnWidths([28, 16, 16, 70])
        try sheet.writeString("Bronnen", row: 0, column: 0, format: SheetStyle.title)
        try sheet.writeString("Leveringen met gegevens over \(info.period.name)", row: 2, column: 0, format: SheetStyle.subtitle)
        for (column, header) in ["Sector", "Leveringen", "Scholen"].enumerated() {
            try sheet.writeString(header, row: 3, column: column, format: SheetStyle.header)
        }
        var row = 3
        for line in info.deliveries {
            row += 1
            try sheet.writeString(line.sector, row: row, column: 0)
            try sheet.writeInteger(line.deliveries, row: row, column: 1, format: SheetStyle.integer)
            try sheet.writeInteger(line.schools, row: row, column: 2, format: SheetStyle.integer)
        }
        row += 2
        try sheet.writeString("Referentiegegevens (SHA-256)", row: row, column: 0, format: SheetStyle.header)
        try sheet.writeString(info.referenceHash, row: row, column: 1)
        row += 1
        try sheet.writeString("Gegevens tot en met", row: row, column: 0, format: SheetStyle.header)
        try sheet.writeString(DutchDate.long(info.asOf), row: row, column: 1)
        if !info.ownDeliveries.isEmpty {
            row += 2
            try sheet.writeString("Leveringen van de school", row: row, column: 0, format: SheetStyle.subtitle)
            for file in info.ownDeliveries {
                row += 1
                try sheet.writeString(file, row: row, column: 0)
            }
        }
        try sheet.setPageSetup(SheetStyle.pageSetup(periodLine: "\(info.meeting) — \(info.period.name)"))
    }
}
