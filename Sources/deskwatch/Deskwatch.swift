import ArgumentParser

/// The `deskwatch` command line.
@main
struct Deskwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deskwatch",
        abstract: "Alerting and SLA monitor for chat contact centers on Tencent Cloud Desk.",
        subcommands: [
            RunCommand.self, DemoCommand.self, IngestCommand.self, FetchCommand.self, CheckCommand.self, TestCommand.self, BacktestCommand.self,
            UserSigCommand.self, SimulateCommand.self, SilenceCommand.self, NotifyCommand.self,
        ]
    )
}
