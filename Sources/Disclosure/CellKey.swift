// The identity of a cell across all tables of a pack: its coordinates, with "Totaal" meaning "all".

/// One coordinate of a cell: a dimension and one of its values.
public struct Coordinate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let dimension: String
    public let value: String

    public init(_ dimension: String, _ value: String) {
        self.dimension = dimension
        self.value = value
    }

    public static func < (lhs: Coordinate, rhs: Coordinate) -> Bool {
        (lhs.dimension, lhs.value) < (rhs.dimension, rhs.value)
    }

    public var description: String { "\(dimension)=\(value)" }
}

/// The full coordinates of a cell. A dimension a table does not have, or in which a row carries
/// `Totaal`, is summed over and therefore absent from the key: the row
/// (stadsdeel=Totaal, categorie=WAPENS) of one table and the row (categorie=WAPENS) of a table
/// without a stadsdeel column are the same cell. Within a hierarchy the finest level names the
/// cell: (stadsdeel=Buiten, wijk=Noorderplassen) is keyed by the wijk alone.
public struct CellKey: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The word for "all values of this dimension".
    public static let total = "Totaal"

    /// Sorted by dimension; never contains `Totaal`.
    public let coordinates: [Coordinate]

    /// Builds a key from dimension → value pairs; `Totaal` values are dropped. Does not apply
    /// hierarchies (the structure of a pack does that).
    public init(_ values: [String: String]) {
        self.init(coordinates: values.map { Coordinate($0.key, $0.value) })
    }

    init(coordinates: [Coordinate]) {
        self.coordinates = coordinates.filter { $0.value != Self.total }.sorted()
    }

    /// The value of a dimension, nil when the key sums over it.
    public subscript(dimension: String) -> String? {
        coordinates.first { $0.dimension == dimension }?.value
    }

    public static func < (lhs: CellKey, rhs: CellKey) -> Bool {
        lhs.coordinates.lexicographicallyPrecedes(rhs.coordinates)
    }

    /// "categorie=WAPENS, stadsdeel=Buiten"; the grand total reads "Totaal".
    public var description: String {
        coordinates.isEmpty ? Self.total : coordinates.map(\.description).joined(separator: ", ")
    }
}
