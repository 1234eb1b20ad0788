import CXlsxwriter

/// Where and how large a chart sits on a worksheet, relative to its top-left cell.
/// libxlsxwriter's default chart is 480 × 288 pixels.
public struct ChartPlacement: Hashable, Sendable {
    public static let defaultWidth = 480
    public static let defaultHeight = 288

    /// Offset from the cell's top-left corner, in pixels.
    public var xOffset: Int
    public var yOffset: Int
    /// Scale factors on the default size.
    public var xScale: Double
    public var yScale: Double
    /// Alternative text for screen readers (at most 255 characters).
    public var description: String?

    public init(xOffset: Int = 0, yOffset: Int = 0, xScale: Double = 1, yScale: Double = 1, description: String? = nil) {
        self.xOffset = xOffset
        self.yOffset = yOffset
        self.xScale = xScale
        self.yScale = yScale
        self.description = description
    }

    /// A chart of `width` × `height` pixels.
    public init(width: Int, height: Int, xOffset: Int = 0, yOffset: Int = 0, description: String? = nil) {
        self.init(
            xOffset: xOffset, yOffset: yOffset,
            xScale: Double(width) / Double(Self.defaultWidth), yScale: Double(height) / Double(Self.defaultHeight),
            description: description)
    }

    func validate(_ operation: String) throws {
        func fail(_ reason: String) -> WorkbookError { .invalidArgument(operation: operation, reason: reason) }
        guard xScale.isFinite, yScale.isFinite, xScale > 0, yScale > 0, xScale <= 100, yScale <= 100 else {
            throw fail("chart scale \(xScale) × \(yScale) must lie in (0, 100]")
        }
        guard (0...Int(Int32.max)).contains(xOffset), (0...Int(Int32.max)).contains(yOffset) else {
            throw fail("chart offsets must be 0 or more pixels")
        }
        if let description {
            try CStrings.validate(description, operation)
            guard description.utf16.count <= 255 else { throw fail("the chart description is longer than 255 characters") }
        }
    }
}
