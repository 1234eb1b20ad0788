/// Moves a leading `--db PATH` (or `--db=PATH`) behind the command words, so that both
/// `schoolveilig --db x ingest f` and `schoolveilig ingest --db x f` work.
enum GlobalArguments {
    static func reorder(_ arguments: [String]) -> [String] {
        var rest = arguments
        var moved: [String] = []
        while let first = rest.first {
            if first == "--db", rest.count >= 2 {
                moved += ["--db", rest[1]]
                rest.removeFirst(2)
            } else if first.hasPrefix("--db=") {
                moved.append(first)
                rest.removeFirst()
            } else {
                break
            }
        }
        guard !moved.isEmpty else { return arguments }
        // Insert after the command words (everything up to the first option or path).
        var commandWords = 0
        for word in rest {
            guard !word.hasPrefix("-"), ["reference", "load", "ingest", "counts", "status", "quarantine", "report", "retry", "context", "demo", "run"].contains(word) else { break }
            commandWords += 1
        }
        return Array(rest[..<commandWords]) + moved + Array(rest[commandWords...])
    }
}
