/// What the deliveries of a cell (schools × months) say about its completeness (SPEC §2c): a
/// school without a delivery for a month is "niet aangeleverd", never zero; before it joined
/// the covenant it is "niet aangesloten"; a month that has not ended is not yet due. The
/// enrolment it gives is the reference's for every school of the cell, never that of the schools
/// that delivered (which would show who delivered, issue 16).
public struct DeliveryStatus: Sendable, Equatable {
    /// School-months that were due: joined, and ended on the as-of date.
    public private(set) var due = 0
    /// Due school-months with a delivery.
    public private(set) var dueDelivered = 0
    /// School-months with a delivery, due or not, joined or not.
    public private(set) var delivered = 0
    /// School-months of joined schools not yet due.
    public private(set) var notYetDue = 0
    /// Every school-month of the cell's schools (reference data), delivered or not.
    public private(set) var schoolMonths = 0
    /// Σ enrolment (reference data) over every school-month of the cell's schools: who
    /// delivered does not change it.
    public private(set) var referenceEnrolmentSum = 0
    /// A school-month of the cell's schools without enrolment for its school year.
    public private(set) var referenceEnrolmentMissing = false

    public init() {}

    mutating func add(_ cell: SchoolMonthFrame.Cell) {
        schoolMonths += 1
        if let enrolment = cell.enrolment { referenceEnrolmentSum += enrolment } else { referenceEnrolmentMissing = true }
        if cell.joined {
            if cell.due {
                due += 1
                if cell.delivered { dueDelivered += 1 }
            } else {
                notYetDue += 1
            }
        }
        if cell.delivered { delivered += 1 }
    }

    public enum Label: String, Sendable {
        case volledig
        case gedeeltelijk
        case nietAangeleverd = "niet aangeleverd"
        case nietAangesloten = "niet aangesloten"
        case nogNietVerwacht = "nog niet verwacht"
    }

    public var label: Label {
        if due > 0 {
            if dueDelivered == due { return .volledig }
            return dueDelivered == 0 && delivered == 0 ? .nietAangeleverd : .gedeeltelijk
        }
        if delivered > 0 { return .volledig }
        return notYetDue > 0 ? .nogNietVerwacht : .nietAangesloten
    }

    /// The enrolment of every school of the cell (the covenant's schools in `scholen.csv`), each
    /// school year's enrolment weighted by the months of the cell inside it (SPEC §4): reference
    /// data, the same whoever delivered, so publishing it does not show who delivered (issue 16).
    /// `nil` when a school-month has no enrolment for its school year, or the cell has no school.
    public func referenceEnrolment(months: Int) -> Double? {
        guard schoolMonths > 0, !referenceEnrolmentMissing, months > 0 else { return nil }
        return Double(referenceEnrolmentSum) / Double(months)
    }

    /// Every school of the cell delivered for every month of it: only then do the counts cover
    /// the pupils of `referenceEnrolment`, and a rate per 1000 pupils means what it says.
    public var everySchoolDelivered: Bool { schoolMonths > 0 && delivered == schoolMonths }
}
