import Crypto
import Domain
import Foundation

/// What makes a delivery the same as an earlier one (SPEC §2d: the same file again changes
/// nothing). Without a declared period: its bytes (SHA-256). With one: its bytes, the period and
/// the school together — two zero reports are identical header-only files for different months,
/// and must both count.
public enum DeliveryIdentity {
    public static func make(sha256: String, declaredPeriod: Period?, school: String?) -> String {
        guard let declaredPeriod else { return sha256 }
        let text = "\(sha256)\nperiode \(declaredPeriod.from)..\(declaredPeriod.to)\nschool \(school ?? "")"
        return SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
