/// The exit status of a run, so scripts can tell a clean run from one that set inputs aside.
public enum RunOutcome {
    /// Everything ran and nothing was rejected.
    public static let clean: Int32 = 0
    /// The run failed (or, with `--strict`, something was rejected).
    public static let failed: Int32 = 1
    /// Everything ran, and some inputs (or parts of them) were rejected and recorded.
    public static let completedWithRejections: Int32 = 3

    public static func exitCode(for summaries: [StageSummary], strict: Bool) -> Int32 {
        guard summaries.contains(where: { $0.rejected > 0 }) else { return clean }
        return strict ? failed : completedWithRejections
    }
}
