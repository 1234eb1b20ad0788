import Crypto
import Domain
import Foundation

/// What makes a delivery the same as an earlier one (SPEC §2d: the same file again changes
/// nothing). Without a declared period: its bytes (SHA-256). With one: its bytes, the period and
/// the school together — two zero reports are identical header-only files for different months,
/// and must both count. A named sheet of a workbook is part of it too: two sheets are two deliveries.
public enum DeliveryIdentity {
    public static func make(sha256: String, declaredPeriod: Period?, school: String?, sheet: String? = nil) -> String {
        guard declaredPeriod != nil || sheet != nil else { return sha256 }
        var text = sha256
        if let declaredPeriod { text += "\nperiode \(declaredPeriod.from)..\(declaredPeriod.to)\nschool \(school ?? "")" }
        if let sheet { text += "\nblad \(sheet)" }
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
