import Domain
import Store

/// Which schools a mart table covers: a pack for primary schools, a meeting area, one school.
/// Every set condition must hold; an empty filter takes every school.
public struct SchoolFilter: Sendable, Equatable {
    public var sectors: Set<Sector>?
    public var gebied: String?
    public var stadsdeel: String?
    public var wijk: String?
    public var school: String?
    /// Only schools in one of these wijken: a Passend-Onderwijs cluster (`po_cluster`).
    public var wijken: Set<String>?
    /// Every school but this one: a school's benchmark (the other schools of its sector).
    public var excludedSchool: String?

    public init(
        sectors: Set<Sector>? = nil, gebied: String? = nil, stadsdeel: String? = nil, wijk: String? = nil, school: String? = nil,
        excludedSchool: String? = nil
    ) {
        self.excludedSchool = excludedSchool
        self.sectors = sectors
        self.gebied = gebied
        self.stadsdeel = stadsdeel
        self.wijk = wijk
        self.school = school
    }

    public var isEmpty: Bool { self == SchoolFilter() }

    func admits(_ school: SchoolMonthFrame.School) -> Bool {
        if let sectors, !sectors.contains(where: { $0.rawValue == school.sector }) { return false }
        if let gebied, gebied != school.gebied { return false }
        if let stadsdeel, stadsdeel != school.stadsdeel { return false }
        if let wijk, wijk != school.wijk { return false }
        if let wijken, !wijken.contains(school.wijk) { return false }
        if let code = self.school, code != school.code { return false }
        if let excluded = excludedSchool, excluded == school.code { return false }
        return true
    }

    /// The same rule for a school of the reference data.
    public func admits(_ school: SchoolRecord) -> Bool {
        if let sectors, !sectors.contains(where: { $0.rawValue == school.sector }) { return false }
        if let gebied, gebied != school.gebied { return false }
        if let stadsdeel, stadsdeel != school.stadsdeel { return false }
        if let wijk, wijk != school.wijk { return false }
        if let wijken, !wijken.contains(school.wijk) { return false }
        if let code = self.school, code != school.code { return false }
        if let excluded = excludedSchool, excluded == school.code { return false }
        return true
    }
}
