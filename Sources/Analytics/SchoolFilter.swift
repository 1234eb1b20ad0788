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
        admits(code: school.code, sector: school.sector, wijk: school.wijk, stadsdeel: school.stadsdeel, gebied: school.gebied)
    }

    /// The same rule for a school of the reference data.
    public func admits(_ school: SchoolRecord) -> Bool {
        admits(code: school.code, sector: school.sector, wijk: school.wijk, stadsdeel: school.stadsdeel, gebied: school.gebied)
    }

    private func admits(
        code: String, sector: String, wijk schoolWijk: String, stadsdeel schoolStadsdeel: String, gebied schoolGebied: String
    )
        -> Bool
    {
        if let sectors, !sectors.contains(where: { $0.rawValue == sector }) { return false }
        if let gebied, gebied != schoolGebied { return false }
        if let stadsdeel, stadsdeel != schoolStadsdeel { return false }
        if let wijk, wijk != schoolWijk { return false }
        if let wijken, !wijken.contains(schoolWijk) { return false }
        if let school, school != code { return false }
        if let excludedSchool, excludedSchool == code { return false }
        return true
    }
}
