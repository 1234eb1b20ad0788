import CXlsxwriter

/// An RGB colour, such as `Color(rgb: 0x1F4E79)`.
public struct Color: Hashable, Sendable, CustomStringConvertible {
    /// 0xRRGGBB.
    public let rgb: UInt32

    public init(rgb: UInt32) {
        self.rgb = rgb & 0xFF_FFFF
    }

    /// "#1F4E79" or "1F4E79"; nil for anything else.
    public init?(hex: String) {
        var digits = Substring(hex)
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else { return nil }
        self.init(rgb: value)
    }

    public static let black = Color(rgb: 0x000000)
    public static let white = Color(rgb: 0xFFFFFF)

    public var description: String {
        let hex = String(rgb, radix: 16, uppercase: true)
        return "#" + String(repeating: "0", count: 6 - hex.count) + hex
    }

    /// libxlsxwriter reads 0 as "no colour" (`LXW_COLOR_UNSET`): black is `LXW_COLOR_BLACK`.
    var lxw: lxw_color_t {
        rgb == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : lxw_color_t(rgb)
    }
}
