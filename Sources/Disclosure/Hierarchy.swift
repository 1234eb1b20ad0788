// A declared roll-up between two dimensions (wijk → stadsdeel, maand → kwartaal, …).

/// Tells that a value of `parent` is the sum of the values of its children in `child`, for the
/// same other coordinates. Example: child `wijk`, parent `stadsdeel`, parentOf
/// `["Noorderplassen": "Buiten", …]`. Chains are declared one link at a time
/// (school → wijk, wijk → stadsdeel, stadsdeel → gebied; maand → kwartaal, kwartaal → jaar);
/// the top of every chain rolls up to `Totaal`.
public struct Hierarchy: Sendable, Equatable, Hashable {
    public let child: String
    public let parent: String
    public let parentOf: [String: String]

    public init(child: String, parent: String, parentOf: [String: String]) {
        self.child = child
        self.parent = parent
        self.parentOf = parentOf
    }
}

/// The hierarchies of a pack as a forest of dimensions.
struct DimensionForest: Sendable {
    private var parentDimension: [String: String] = [:]
    private var parentValue: [String: [String: String]] = [:]

    init(_ hierarchies: [Hierarchy]) throws {
        for hierarchy in hierarchies {
            if hierarchy.child == hierarchy.parent {
                throw DisclosureError.invalidHierarchy("\(hierarchy.child) kan niet zijn eigen bovenliggende niveau zijn")
            }
            if let existing = parentDimension[hierarchy.child], existing != hierarchy.parent {
                throw DisclosureError.invalidHierarchy(
                    "\(hierarchy.child) heeft twee bovenliggende niveaus: \(existing) en \(hierarchy.parent)")
            }
            parentDimension[hierarchy.child] = hierarchy.parent
            parentValue[hierarchy.child, default: [:]].merge(hierarchy.parentOf) { old, _ in old }
        }
        for dimension in parentDimension.keys.sorted() {
            var seen: Set<String> = [dimension]
            var current = dimension
            while let next = parentDimension[current] {
                if !seen.insert(next).inserted {
                    throw DisclosureError.invalidHierarchy("de niveaus rond \(dimension) vormen een kring")
                }
                current = next
            }
        }
    }

    /// The ancestors of a coordinate, nearest first, as far as the mapping reaches.
    func ancestors(of coordinate: Coordinate) -> [Coordinate] {
        var result: [Coordinate] = []
        var current = coordinate
        while let dimension = parentDimension[current.dimension],
            let value = parentValue[current.dimension]?[current.value]
        {
            current = Coordinate(dimension, value)
            result.append(current)
        }
        return result
    }

    /// Whether `ancestor` is a (possibly indirect) parent dimension of `dimension`.
    func isAncestor(_ ancestor: String, of dimension: String) -> Bool {
        var current = dimension
        while let next = parentDimension[current] {
            if next == ancestor { return true }
            current = next
        }
        return false
    }

    /// Drops coordinates implied by a finer one (stadsdeel next to its wijk). Returns nil when two
    /// coordinates contradict each other (a wijk with another stadsdeel than its own), or when a
    /// dimension occurs twice with different values.
    func normalize(_ coordinates: [Coordinate]) -> [Coordinate]? {
        var kept: [Coordinate] = []
        let present = coordinates.filter { $0.value != CellKey.total }
        for coordinate in present {
            var implied = false
            for other in present where other != coordinate {
                if other.dimension == coordinate.dimension { return nil }
                if isAncestor(coordinate.dimension, of: other.dimension) {
                    guard ancestors(of: other).contains(coordinate) else { return nil }
                    implied = true
                }
            }
            if !implied { kept.append(coordinate) }
        }
        return kept.sorted()
    }
}
