import LessonKit

/// The labs Lectern ships, in the order of their keys (1, 2, 3, …). Adding a lab is a folder under
/// `Labs/` and one line here.
public enum LabRegistry {
    public static let definitions: [any LabDefinition.Type] = [
        MLPLab.self,
        GDLab.self,
        Word2VecLab.self,
        LMLab.self,
    ]

    /// The labs in key order.
    public static let labs: [Lab] = definitions.map { $0.lab }

    /// What lessons are checked against.
    public static let catalog = LabCatalog(definitions.map { $0.schema })

    public static func definition(_ lab: Lab) -> any LabDefinition.Type {
        guard let d = definitions.first(where: { $0.lab == lab }) else { preconditionFailure("no lab '\(lab)' is registered") }
        return d
    }

    public static func schema(_ lab: Lab) -> LabSchema { definition(lab).schema }
}

extension LabCatalog {
    /// Every lab Lectern ships.
    public static var standard: LabCatalog { LabRegistry.catalog }
}
