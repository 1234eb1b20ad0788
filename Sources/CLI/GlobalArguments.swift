import ArgumentParser

/// Moves a leading `--db PATH` (or `--db=PATH`) behind the command words, so that both
/// `schoolveilig --db x ingest f` and `schoolveilig ingest --db x f` work.
enum GlobalArguments {
    /// The names of every command and sub-command, from the command tree itself.
    static func commandWords(of command: any ParsableCommand.Type) -> Set<String> {
        var words: Set<String> = []
        for sub in command.configuration.subcommands {
            if let name = sub.configuration.commandName { words.insert(name) }
            words.formUnion(commandWords(of: sub))
        }
        return words
    }

    /// Flag names follow one pattern: English words joined by `-`, the same words as the pipeline
    /// parameters (`--max-file-mb` is `max_file_mb`). The earlier Dutch spellings — among them
    /// SPEC §2c's `ingest --periode` — keep working as hidden aliases, rewritten before parsing.
    static let aliases: [String: String] = [
        "--periode": "--period",
        "--periode-uit-naam": "--period-from-file-name",
        "--max-bestand-mb": "--max-file-mb",
        "--max-regel-kb": "--max-record-kb",
        "--max-kolommen": "--max-columns",
        "--blad": "--sheet",
        "--profielen": "--profiles",
        "--leveringen": "--deliveries",
        "--levering": "--delivery",
        "--vervang": "--replace",
        "--koppeling": "--mapping",
        "--nieuw": "--create",
        "--min-vrij-mb": "--min-free-mb",
        "--id-formaat": "--id-format",
    ]

    /// Rewrites the hidden aliases (`--periode 2025-Q1`, `--periode=2025-Q1`) up to a `--`
    /// that ends the options; values are never touched.
    static func resolveAliases(_ arguments: [String]) -> [String] {
        var result: [String] = []
        var optionsEnded = false
        for argument in arguments {
            if optionsEnded || !argument.hasPrefix("--") {
                result.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true }
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if let canonical = aliases[name] {
                result.append(canonical + argument.dropFirst(name.count))
            } else {
                result.append(argument)
            }
        }
        return result
    }

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
        let known = commandWords(of: Schoolveilig.self)
        // Insert after the command words (everything up to the first option or path).
        var commandCount = 0
        for word in rest {
            guard !word.hasPrefix("-"), known.contains(word) else { break }
            commandCount += 1
        }
        // No command word first (an unknown option, a mistyped command): the moved option goes
        // last, so the parser names the real mistake instead of '--db'.
        guard commandCount > 0 else { return rest + moved }
        return Array(rest[..<commandCount]) + moved + Array(rest[commandCount...])
    }
}
