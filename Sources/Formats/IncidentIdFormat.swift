/// What a school's incident ids look like, when the school (or its profile) declares it.
///
/// Without a declaration an id is a free-form pseudonym, and an id of nine digits that passes the
/// 11-check is refused as a possible BSN. A school that numbers its incidents 202500001,
/// 202500002, … would lose about one in eleven rows that way. It declares `volgnummer`: then
/// every id of the file must be digits only, rising within the file per school (a repeat of the
/// same id allowed) by at most `maximumStep` from one row to the next; the 11-check is not applied
/// to such ids. A file whose ids do not behave that way is refused whole: a column of BSNs (random,
/// or sorted with wide gaps) never passes as a sequence. See docs/privacy.md.
public enum IncidentIdFormat: String, CaseIterable, Sendable {
    case volgnummer

    /// The largest rise between two consecutive ids of a school in one file.
    public static let maximumStep: UInt64 = 10_000
    /// The most digits a sequence number may have (fits a UInt64).
    public static let maximumDigits = 18
}
