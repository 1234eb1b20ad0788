import Domain
import Foundation

/// A delivery may declare its period by its file name (SPEC §2c extended): the last
/// `_`-separated part of the name before the extension, when it is a named period of SPEC §4 —
/// `VO01_2025-Q3.csv`, `incidenten_2025-03.xlsx`, `PO12_2024-2025.csv`. A name that ends in
/// anything else (`VO01_2025-Q3_correctie.csv`) declares nothing. Only where the operator turns
/// it on (`ingest --period-from-file-name`, the nightly pipeline's `period_from_file_name`).
public enum DeclaredPeriodName {
    public static func period(in path: String) -> Period? {
        let base = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        guard let last = base.split(separator: "_").last, last.count < base.count else { return nil }
        return Period.named(String(last))
    }
}
