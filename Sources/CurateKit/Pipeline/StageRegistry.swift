/// Every stage the pipeline knows, in the order `make` runs them. A pipeline file's sections
/// are named after these stages; a section with another name is an unknown key.
public enum StageRegistry {
    public static let all: [any Stage.Type] = [
        TextbooksStage.self,
        TracesStage.self,
        QualityStage.self,
        DedupStage.self,
        RewriteStage.self,
        TokenizerStage.self,
        ShardsStage.self,
    ]

    public static func stage(named name: String) -> (any Stage.Type)? {
        all.first { $0.name == name }
    }

    public static var names: [String] { all.map { $0.name } }
}
