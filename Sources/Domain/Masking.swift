/// Masks a value before it appears in a quarantine line, message or log (covenant art. 8):
/// keeps the first and last character and hides the rest, `123456782` → `1*******2`.
/// Values of one or two characters are hidden whole.
public enum Masking {
    public static func mask(_ value: String) -> String {
        let characters = Array(value)
        guard characters.count > 2 else { return String(repeating: "*", count: characters.count) }
        let shown = characters.count > 64 ? 64 : characters.count
        return String(characters[0]) + String(repeating: "*", count: shown - 2) + String(characters[characters.count - 1])
    }
}
