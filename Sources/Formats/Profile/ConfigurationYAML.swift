import Foundation
import Yams

#if canImport(CYaml)
    // libyaml, the C parser under Yams (a module of the Yams package, not a product of its own):
    // read event by event here, before Yams composes the document.
    import CYaml
#endif

/// YAML as the project's configuration files (pipelines, mapping profiles) use it: a document
/// whose mapping keys are all plain text. Yams checks every mapping for duplicate keys by
/// hashing the key nodes; a key that is an alias of a nested list (`? *a8`, `*a8 : 1`) is hashed
/// over every node the aliases expand to, so a 600-byte file of nested aliases ("billion laughs")
/// kept the loader busy for hours (found by scripts/fuzz.sh). Such a key is refused here first,
/// with its line and column, in one cheap pass over libyaml's events; anchors and aliases as
/// values stay allowed (Yams shares their nodes, nothing is expanded).
public enum ConfigurationYAML {
    /// A key that is not plain text: where it is (1-based) and what is wrong, in Dutch.
    public struct KeyProblem: Error, Sendable, CustomStringConvertible {
        public let line: Int
        public let column: Int
        public let message: String
        public var description: String { "regel \(line), kolom \(column): \(message)" }
    }

    /// The document's root node (nil for an empty document). Throws `KeyProblem` for a mapping key
    /// that is a list, a table or an alias; Yams' own errors (`YamlError`) for invalid YAML.
    public static func compose(_ text: String) throws -> Node? {
        if let problem = firstNonScalarKey(in: text) { throw problem }
        return try Yams.compose(yaml: text)
    }

    /// The first mapping key that is not a scalar, if any. Invalid YAML is left to Yams (nil).
    static func firstNonScalarKey(in text: String) -> KeyProblem? {
        #if canImport(CYaml)
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            let bytes = Array(text.utf8)
            return bytes.withUnsafeBufferPointer { buffer -> KeyProblem? in
                yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
                // Per open collection: nil for a list; for a mapping, whether the next node is a key.
                var open: [Bool?] = []
                while true {
                    var event = yaml_event_t()
                    guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                    defer { yaml_event_delete(&event) }
                    let type = event.type
                    if type == YAML_STREAM_END_EVENT { return nil }
                    let isNode =
                        type == YAML_SCALAR_EVENT || type == YAML_ALIAS_EVENT
                        || type == YAML_SEQUENCE_START_EVENT || type == YAML_MAPPING_START_EVENT
                    if isNode, let parent = open.last, let expectingKey = parent {
                        if expectingKey, type != YAML_SCALAR_EVENT {
                            let what =
                                type == YAML_ALIAS_EVENT
                                ? "een verwijzing (*)" : type == YAML_SEQUENCE_START_EVENT ? "een lijst" : "een tabel"
                            return KeyProblem(
                                line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1,
                                message: "een sleutel moet tekst zijn, niet \(what)")
                        }
                        open[open.count - 1] = !expectingKey
                    }
                    if type == YAML_SEQUENCE_START_EVENT {
                        open.append(nil)
                    } else if type == YAML_MAPPING_START_EVENT {
                        open.append(true)
                    } else if type == YAML_SEQUENCE_END_EVENT || type == YAML_MAPPING_END_EVENT, !open.isEmpty {
                        open.removeLast()
                    }
                }
            }
        #else
            // Without libyaml's module the check is skipped; the regression tests (with a time limit)
            // then fail on the nested aliases, so a build like that does not go unnoticed.
            return nil
        #endif
    }
}
