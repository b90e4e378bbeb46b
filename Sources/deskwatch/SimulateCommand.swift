import ArgumentParser
import Foundation
import Logging
import Simulator

/// `deskwatch simulate`: the Desk API look-alike on a loopback port.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Serve a simulated Desk session-record API on a loopback port.",
        discussion: """
            The scenario file describes the traffic, incidents, publication lag and faults; see \
            contrib/scenarios/. The secret key UserSigs are checked with comes from --key-file, \
            DESK_SECRET_KEY, or the scenario's application.secret_key.
            """
    )

    @Option(help: "Port to listen on (0: pick a free one).") var port: Int = 8080
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"
    @Option(help: "Scenario file (YAML).") var scenario: String
    @Option(help: "Override the scenario's seed.") var seed: UInt64?
    @Option(help: "Override the scenario's clock speed (simulated seconds per second).") var speed: Double?
    @Option(name: .customLong("key-file"), help: "File holding the secret key UserSigs are verified with.") var keyFile: String?

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be 0 to 65535") }
        if let speed, !(speed > 0 && speed.isFinite && speed <= 1_000_000) {
            throw ValidationError("--speed must be a positive number up to 1000000")
        }
    }

    func run() async throws {
        var loaded: Scenario
        do {
            loaded = try Scenario.load(path: scenario)
        } catch {
            throw ValidationError("\(error)")
        }
        if let seed { loaded.seed = seed }
        if let speed { loaded.clock.speed = speed }
        var key: String? = nil
        if keyFile != nil || ProcessInfo.processInfo.environment[KeySourceOptions.environmentVariable] != nil {
            var options = KeySourceOptions()
            options.keyFile = keyFile
            key = try options.secretKey()
        }
        guard key != nil || !loaded.application.secretKey.isEmpty else {
            throw ValidationError("no secret key: the scenario has no application.secret_key; pass --key-file or set DESK_SECRET_KEY")
        }
        let simulator = DeskSimulator(scenario: loaded, secretKey: key)
        let application = loaded.application
        let (speed, seed) = (loaded.clock.speed, loaded.seed)
        let host = self.host
        try await SimulatorServer.run(simulator, host: host, port: port) { port in
            var err = StandardError()
            print(
                "simulating sdkappid \(application.sdkAppID) (identifiers: \(application.identifiers.joined(separator: ", "))) "
                    + "on http://\(host):\(port) at \(speed)x, seed \(seed)",
                to: &err)
            print("source config:  endpoint: http://\(host):\(port)", to: &err)
        }
    }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        FileHandle.standardError.write(Data(string.utf8))
    }
}
