import Disclosure
import Foundation

/// The shared cells of an edition as its record keeps them for the next edition (issue 17):
/// per cell (by a hash of its structured identity) the true count, whether it was shown, and
/// each school's part, so that the next edition can judge the change d = new − old.
enum EditionTruths {
    static func key(_ scope: CellScope) -> String { String(PackManifest.checksum(Data(scope.identity.utf8)).prefix(24)) }

    /// The record's text: one cell a line, sorted, each cell once (the same cell in two packs is one cell).
    static func text(_ cells: [RunCell], contributions: (CellScope, Int) -> CellContribution?) -> String {
        var lines: [String: String] = [:]
        for cell in cells {
            let key = key(cell.scope)
            let parts = contributions(cell.scope, cell.truth)?.parts ?? [:]
            // Shown in any pack is shown: a reader may hold that pack.
            let shown = !cell.hidden || (lines[key].map { $0.split(separator: "\t")[2] == "1" } ?? false)
            let partText = parts.keys.sorted().filter { parts[$0] != 0 }.map { "\($0)=\(parts[$0]!)" }.joined(separator: ",")
            lines[key] = "\(key)\t\(cell.truth)\t\(shown ? 1 : 0)\t\(partText)"
        }
        return lines.keys.sorted().map { lines[$0]! }.joined(separator: "\n")
    }

    static func parse(_ text: String) -> [String: CellRevision] {
        var result: [String: CellRevision] = [:]
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 4, let old = Int(fields[1]) else { continue }
            var parts: [String: Int] = [:]
            for part in fields[3].split(separator: ",") {
                // The last `=`: the police's key is `politie=ja`.
                guard let equals = part.lastIndex(of: "="), let value = Int(part[part.index(after: equals)...]) else { continue }
                parts[String(part[..<equals])] = value
            }
            result[String(fields[0])] = CellRevision(old: old, oldParts: parts, oldShown: fields[2] == "1")
        }
        return result
    }
}
