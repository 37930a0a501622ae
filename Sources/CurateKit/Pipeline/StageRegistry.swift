/// The stages a pipeline can run, in the order they run. A pipeline file's sections are named
/// after these stages; a section with another name is an unknown key.
///
/// `Pipeline/` knows no concrete stage: the list the project runs is `StageRegistry.standard`,
/// set up in one place, `Stages.swift`.
public struct StageRegistry: Sendable {
    public let all: [any Stage.Type]

    public init(_ all: [any Stage.Type]) {
        self.all = all
    }

    public func stage(named name: String) -> (any Stage.Type)? {
        all.first { $0.name == name }
    }

    public var names: [String] { all.map { $0.name } }
}
