import ConfigSupport
import Foundation
import Rules
import Testing

/// The default rule pack in `rules/` loads cleanly and passes its own YAML tests.
struct RulePackTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rulesFolder = packageRoot.appendingPathComponent("rules")

    static func yamlFiles(in folder: URL) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func source(_ url: URL) throws -> RuleSource {
        RuleSource(file: url.path, text: try String(contentsOf: url, encoding: .utf8))
    }

    @Test func packLoadsWithoutErrorsOrWarnings() throws {
        let sources = try Self.yamlFiles(in: Self.rulesFolder).map(Self.source)
        let set = RuleSet.load(sources, options: RuleLoadOptions(knownSchedules: ["business-hours"]))
        #expect(set.diagnostics.map(\.description) == [])
        #expect(set.rules.count == 11)
    }

    @Test func everyPackRuleIsExercisedByATest() throws {
        let rules = RuleSet.load(try Self.yamlFiles(in: Self.rulesFolder).map(Self.source)).rules.map(\.name)
        let tests = try Self.yamlFiles(in: Self.rulesFolder.appendingPathComponent("tests")).map { try String(contentsOf: $0, encoding: .utf8) }
            .joined(separator: "\n")
        for rule in rules {
            #expect(tests.contains(" \(rule)"), "no test expects an event of \(rule)")
        }
    }

    @Test(arguments: try RulePackTests.yamlFiles(in: RulePackTests.rulesFolder.appendingPathComponent("tests")).map(\.lastPathComponent))
    func packTestFilePasses(_ name: String) throws {
        let test = try Self.source(Self.rulesFolder.appendingPathComponent("tests").appendingPathComponent(name))
        let (suite, diagnostics) = RuleTestSuite.read(test)
        let readSuite = try #require(suite, "\(diagnostics.map(\.description))")
        let sources = try readSuite.ruleFiles.map { try Self.source(URL(fileURLWithPath: $0)) }
        let report = RuleTestRunner.run(readSuite, ruleSources: sources)
        #expect(report.passed, "\(report)")
        #expect(!report.cases.isEmpty)
    }
}
