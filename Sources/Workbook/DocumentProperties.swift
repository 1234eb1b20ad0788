import CXlsxwriter

/// The document properties stored in docProps/core.xml and docProps/app.xml (what Excel shows
/// under File > Info). `created` is required and also used as "modified", so two writes of the
/// same content give the same bytes.
public struct DocumentProperties: Hashable, Sendable {
    public var title: String?
    public var subject: String?
    public var author: String?
    public var manager: String?
    public var company: String?
    public var category: String?
    public var keywords: String?
    public var comments: String?
    /// Such as "Vertrouwelijk".
    public var status: String?
    public var created: DocumentDate

    public init(
        created: DocumentDate, title: String? = nil, subject: String? = nil, author: String? = nil,
        manager: String? = nil, company: String? = nil, category: String? = nil,
        keywords: String? = nil, comments: String? = nil, status: String? = nil
    ) {
        self.created = created
        self.title = title
        self.subject = subject
        self.author = author
        self.manager = manager
        self.company = company
        self.category = category
        self.keywords = keywords
        self.comments = comments
        self.status = status
    }

    /// Hands the properties to libxlsxwriter, which copies the strings.
    func apply(to workbook: UnsafeMutablePointer<lxw_workbook>) throws {
        let fields: [(String, String?)] = [
            ("title", title), ("subject", subject), ("author", author),
            ("manager", manager), ("company", company), ("category", category),
            ("keywords", keywords), ("comments", comments), ("status", status),
        ]
        for (name, value) in fields {
            if let value { try CStrings.validate(value, "document property \(name)") }
        }
        let strings = CStrings()
        var properties = lxw_doc_properties()
        properties.title = strings.copy(title)
        properties.subject = strings.copy(subject)
        properties.author = strings.copy(author)
        properties.manager = strings.copy(manager)
        properties.company = strings.copy(company)
        properties.category = strings.copy(category)
        properties.keywords = strings.copy(keywords)
        properties.comments = strings.copy(comments)
        properties.status = strings.copy(status)
        properties.created = time_t(created.secondsSinceEpoch)
        try withExtendedLifetime(strings) {
            try WorkbookError.check(workbook_set_properties(workbook, &properties), "workbook_set_properties")
        }
    }
}
