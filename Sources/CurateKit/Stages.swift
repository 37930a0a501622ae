/// The stages of the project, in the order a domain's pipeline runs them: the one list of
/// stages (`make <stage>` and `curate run --stage` take these names).
extension StageRegistry {
    public static let standard = StageRegistry([
        TextbooksStage.self,
        TracesStage.self,
        PatchesStage.self,
        AgentQueryStage.self,
        OrchestrationStage.self,
        QualityStage.self,
        DedupStage.self,
        DecontaminateStage.self,
        RewriteStage.self,
        TokenizerStage.self,
        ConverterStage.self,
        ShardsStage.self,
    ])
}
