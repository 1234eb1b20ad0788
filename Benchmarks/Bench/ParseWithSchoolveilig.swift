import Formats
import Ingest

/// The project's own reader (one import per file: the packages' type names clash).
func parseWithSchoolveilig(_ file: String) throws -> (Int, Int) {
    var records = 0
    var fields = 0
    try CSVReader(path: file).forEachRecord { record in
        records += 1
        fields += record.fieldCount
    }
    return (records, fields)
}
