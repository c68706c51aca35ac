import Foundation
import Yams

/// Finds keys in the configuration file that panelmail does not know, so a typo
/// (`imap.pasword_file`) is reported instead of silently ignored.
public enum ConfigFileKeys {
    public static func unknown(in path: String) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let node = try? Yams.compose(yaml: text) else { return [] }
        var keys: [String] = []
        collect(node, prefix: "", into: &keys)
        return keys.filter { !PanelConfig.knownKeys.contains($0) }.sorted()
    }

    private static func collect(_ node: Node, prefix: String, into keys: inout [String]) {
        guard let mapping = node.mapping else {
            // A section with every key commented out is empty, not a key.
            if !prefix.isEmpty, node.null == nil { keys.append(prefix) }
            return
        }
        for (key, value) in mapping {
            guard let name = key.string else { continue }
            collect(value, prefix: prefix.isEmpty ? name : "\(prefix).\(name)", into: &keys)
        }
    }
}
