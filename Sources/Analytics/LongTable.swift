import Domain

/// A table in long form (SPEC §4): one column per dimension, named as the `counts` dimensions,
/// then the measures (`aantal` first). What every mart query returns and every pack writes.
public struct LongTable: Sendable, Equatable {
    /// One measure value. Decimals keep their number of places, so rendering is exact and
    /// independent of the locale.
    public enum Value: Sendable, Equatable {
        case integer(Int)
        case decimal(Double, places: Int)
        case text(String)
        /// No value: not computable (for example a rate without enrolment) or not delivered.
        case empty

        /// The value as written in CSV: a point for decimals, nothing for `.empty`.
        public var plain: String {
            switch self {
            case .integer(let value): String(value)
            case .decimal(let value, let places): DecimalText.fixed(value, places: places)
            case .text(let text): text
            case .empty: ""
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public let keys: [String]
        public let values: [Value]

        public init(keys: [String], values: [Value]) {
            self.keys = keys
            self.values = values
        }
    }

    public let dimensions: [String]
    public let measures: [String]
    public let rows: [Row]

    public init(dimensions: [String], measures: [String], rows: [Row]) {
        self.dimensions = dimensions
        self.measures = measures
        self.rows = rows
    }

    /// The values of one measure column, by name.
    public func column(_ measure: String) -> [Value] {
        guard let index = measures.firstIndex(of: measure) else { return [] }
        return rows.map { $0.values[index] }
    }
}

/// Fixed-point text for decimals without the C library's locale: `1234.5` → `"1234.50"`.
public enum DecimalText {
    public static func fixed(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e17 else { return String(value) }
        let units = Int(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard places > 0 else { return sign + String(units) }
        let divisor = Int(scale)
        var fraction = String(units % divisor)
        fraction = String(repeating: "0", count: places - fraction.count) + fraction
        return "\(sign)\(units / divisor).\(fraction)"
    }
}
