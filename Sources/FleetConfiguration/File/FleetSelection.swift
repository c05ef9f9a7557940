import TOMLSupport

/// Picks the named ensembles a command asked for (`--ensemble NAME`, repeatable) out of the file's entries.
public enum FleetSelection {
    /// The entries named, in the order asked; every name must exist. No names selects every entry.
    public static func select(_ names: [String], from entries: [EnsembleEntry], file: String) throws(FleetConfigError)
        -> [EnsembleEntry]
    {
        guard !names.isEmpty else { return entries }
        var selected: [EnsembleEntry] = []
        for name in names {
            guard let entry = entries.first(where: { $0.name == name }) else {
                let known = entries.map(\.name)
                let hint = Spelling.closest(to: name, in: known).map { " (did you mean \"\($0)\"?)" } ?? ""
                throw FleetConfigError(
                    file: file,
                    "no ensemble named \"\(name)\"\(hint); the file defines: \(known.joined(separator: ", "))")
            }
            if !selected.contains(where: { $0.name == name }) { selected.append(entry) }
        }
        return selected
    }
}
