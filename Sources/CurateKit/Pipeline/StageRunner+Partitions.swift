import Foundation

extension StageRunner {
    /// Which of `count` partitions (`i/count`, see `Partition`) still have a task of `step` to
    /// run: a task is finished when its record matches its current key and its files are
    /// intact, exactly as a run would decide before reusing it. Plans the step's tasks from
    /// what the earlier steps and stages have written, so it is only meaningful once those are
    /// complete; when the step cannot be planned yet (its upstream is missing), every partition
    /// is unfinished.
    public func unfinishedPartitions(_ stage: any Stage, settings: StageSettings, domain: DomainSettings,
                                     step: String, count: Int) -> [Int] {
        unfinished(stage, settings: settings, domain: domain, step: step, count: count)
    }

    private func unfinished<S: Stage>(_ stage: S, settings: StageSettings, domain: DomainSettings,
                                      step name: String, count: Int) -> [Int] {
        let all = Array(0..<count)
        guard let step = stage.steps.first(where: { $0.name == name }) else { return all }
        let context = StageContext(domain: domain, outputRoot: layout.root, cache: nil, threads: 1,
                                   parts: settings.parts, progress: nil)
        let run = StepRun(stage: S.self, step: step, settings: settings, context: context,
                          folder: layout.stage(S.name, domain: domain.name),
                          records: TaskRecordStore(layout: layout, stage: S.name, domain: domain.name),
                          runID: nil, runner: self)
        guard let tasks = try? step.tasks(context) else { return all }
        var unfinished = Set<Int>()
        for task in tasks where !run.isDone(task, of: tasks.count) {
            unfinished.insert(Partition(index: task.index % count, count: count).index)
        }
        return unfinished.sorted()
    }
}
