import Rules

/// The files built into the binary: the default rule pack (`rules/*.yaml`) and the demo's
/// scenario (`contrib/scenarios/demo.yaml`).
enum EmbeddedDefaults {
    /// The rule pack's files, by name.
    static let ruleFiles: [(name: String, bytes: [UInt8])] = [
        ("abandonment.yaml", PackageResources.abandonment_yaml),
        ("agents.yaml", PackageResources.agents_yaml),
        ("availability.yaml", PackageResources.availability_yaml),
        ("routing.yaml", PackageResources.routing_yaml),
        ("satisfaction.yaml", PackageResources.satisfaction_yaml),
    ]

    /// The rule pack, as rule sources named `rules/FILE`.
    static var ruleSources: [RuleSource] {
        ruleFiles.map { RuleSource(file: "rules/" + $0.name, text: String(decoding: $0.bytes, as: UTF8.self)) }
    }

    /// The demo's scenario.
    static var demoScenario: String { String(decoding: PackageResources.demo_scenario_yaml, as: UTF8.self) }
}
