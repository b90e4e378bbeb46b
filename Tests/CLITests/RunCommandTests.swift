import Foundation
import Simulator
import TestPeers
import Testing

/// `deskwatch run` and `deskwatch demo` as real child processes.
struct RunCommandTests {
    static let key = "run-cli-test-key-0123456789abcdef"

    @Test func aConfigurationWithErrorsStopsBeforeAnythingStartsAndListsEveryProblem() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try folder.write("rules/broken.yaml", "rules:\n  - name: x\n    severity: loud\n    window: 5m\n    condition: {count: {at_least: 1}}\n")
        let config = try folder.write(
            "deskwatch.yaml",
            """
            state: state.sqlite
            rules: rules
            sources:
              - name: sim
                sdkappid: 1400000000
                endpoint: http://127.0.0.1:9
                identifier: admin
                secret_key_file: no-such-file
            receivers:
              hook: {type: webhok, url: "http://127.0.0.1:9/hook"}
            """)
        let result = try await CommandRunner.run(["run", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("deskwatch.yaml:8:"))
        #expect(result.stderr.contains("no-such-file"))
        #expect(result.stderr.contains("deskwatch.yaml:10:"))
        #expect(result.stderr.contains("did you mean `webhook`?"))
        #expect(!FileManager.default.fileExists(atPath: folder.url.appendingPathComponent("state.sqlite").path))
    }

    @Test func aRuleFileWithErrorsStopsItToo() async throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
        try folder.write("secret_key", Self.key)
        try folder.write("rules/broken.yaml", "rules:\n  - name: x\n    severity: loud\n    window: 5m\n    condition: {count: {at_least: 1}}\n")
        let config = try folder.write(
            "deskwatch.yaml",
            """
            state: state.sqlite
            rules: rules
            sources:
              - {name: sim, sdkappid: 1400000000, endpoint: "http://127.0.0.1:9", identifier: admin, secret_key_file: secret_key}
            """)
        let result = try await CommandRunner.run(["run", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yaml:3:"))
        #expect(result.stderr.contains("loud"))
    }

    @Test func runsUntilSIGTERMThenStopsCleanly() async throws {
        var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: Self.key), seed: 41)
        scenario.traffic.perHour = 300
        scenario.history = .seconds(7200)
        let simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(fixedAt: Int(Date().timeIntervalSince1970)))
        let folder = try TemporaryFolder()
        try folder.write("secret_key", Self.key)
        let result = try await SimulatorServer.withRunning(simulator) { url in
            let config = try folder.write(
                "deskwatch.yaml",
                """
                state: state.sqlite
                sources:
                  - {name: sim, sdkappid: 1400000000, endpoint: "\(url)", identifier: admin, secret_key_file: secret_key, pace: 500, backfill: 1h}
                status: {listen: "127.0.0.1:0"}
                log: {format: json}
                """)
            return try await CommandRunner.run(["run", "--config", config], killAfter: .seconds(8), signal: SIGTERM)
        }
        #expect(result.status == 0, "\(result.stderr)")
        // Diagnostics of the configuration come first, in the compiler's format; then the log.
        let lines = result.stderr.split(separator: "\n").map(String.init).filter { !$0.contains(": warning: ") }
        let messages = lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])?["msg"]
        }
        #expect(messages.count == lines.count, "every log line is a JSON object: \(result.stderr)")
        #expect(messages.contains("deskwatch started"))
        #expect(messages.contains("poll"))
        #expect(messages.contains("status server listening"))
        #expect(messages.last == "deskwatch stopped")
        #expect(!result.stderr.contains(Self.key))
    }

    @Test func theDemoShowsAlertsFireAndResolveOnTheTerminalAndInTheMailFolder() async throws {
        let folder = try TemporaryFolder()
        let result = try await CommandRunner.run(
            ["demo", "--port", "0", "--speed", "60", "--seconds", "40", "--dir", folder.url.path], killAfter: .seconds(120))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("status page:  http://127.0.0.1:"))
        #expect(result.stdout.contains("[console] 🔴 FIRING critical: no-agents-online"))
        #expect(result.stdout.contains("[console] ✅ RESOLVED critical: no-agents-online · Online customer service (3067)"))
        #expect(result.stdout.contains("demo stopped; the state database and the mails are in \(folder.url.path)"))
        let mails = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("mail").path)
        #expect(mails.count >= 2)
        #expect(mails.allSatisfy { $0.hasSuffix(".eml") })
    }

    /// No agents online in queue 3067 until 30 seconds into the current minute: the rule has no
    /// delay, so the minute under way counts and the alert fires at the first evaluation; it
    /// resolves once its window (a minute, rounded out to whole minutes) holds no such chat. Both
    /// transitions arrive at a webhook and, through STARTTLS and AUTH, at a real SMTP server as two
    /// mails of one thread.
    @Test(.enabled(if: SMTPPeer.shouldRun, "needs python3 with aiosmtpd and openssl on PATH (required when CI=true)"))
    func anAlertFiresAndResolvesAtTheWebhookAndAsOneMailThread() async throws {
        try await SMTPPeer.with(lifetime: .seconds(400)) { peer in
            let folder = try TemporaryFolder()
            let receiver = try await WebhookReceiver.start(in: folder)
            defer { receiver.stop() }
            // Far enough into a minute that its first records are visible, and far enough from
            // its end that the incident's last minute is still the one before.
            var now = Int(Date().timeIntervalSince1970)
            if !(5...40).contains(now % 60) {
                try await Task.sleep(for: .seconds((65 - now % 60) % 60))
                now = Int(Date().timeIntervalSince1970)
            }
            let minute = now / 60 * 60
            var scenario = Scenario(application: .init(sdkAppID: 1_400_000_000, identifiers: ["admin"], secretKey: Self.key), seed: 61)
            scenario.traffic.perHour = 3600
            scenario.history = .seconds(3600)
            scenario.endStatus["NoAgentsOnline"] = 0
            scenario.publicationLag = .init(minimum: .seconds(1), maximum: .seconds(3))
            scenario.incidents = [
                Scenario.Incident(kind: .noAgents, start: .absolute(minute - 1200), duration: .seconds(1230), queue: "3067", share: 1)
            ]
            let simulator = DeskSimulator(scenario: scenario, clock: SimulatedClock(start: now))
            try folder.write("secret_key", Self.key)
            try folder.write("smtp_password", SMTPPeer.password)
            try FileManager.default.createDirectory(at: folder.url.appendingPathComponent("rules"), withIntermediateDirectories: true)
            try folder.write(
                "rules/availability.yaml",
                """
                rules:
                  - name: no-agents-online
                    severity: critical
                    where: {EndStatus: NoAgentsOnline}
                    group_by: [AgentGroupId]
                    window: 1m
                    delay: 0m
                    condition:
                      count: {at_least: 1}
                    notify: [hook, leads]
                    summary: "{{count}} chat(s) in {{group.AgentGroupName}} found no agent online"
                """)
            let log = folder.url.appendingPathComponent("run.log")
            try await SimulatorServer.withRunning(simulator) { url in
                let config = try folder.write(
                    "deskwatch.yaml",
                    """
                    state: state.sqlite
                    rules: rules
                    sources:
                      - {name: sim, sdkappid: 1400000000, endpoint: "\(url)", identifier: admin, secret_key_file: secret_key, pace: 500,
                         poll_every: 2s, lookback: 5m, backfill: 1h}
                    receivers:
                      hook: {type: webhook, url: "\(receiver.url)/hook"}
                      leads:
                        type: email
                        url: smtp://127.0.0.1:\(peer.startTLSPort)
                        username: \(SMTPPeer.username)
                        password_file: smtp_password
                        ca_file: \(peer.certificatePath)
                        from: "Support alerts <alerts@example.com>"
                        to: [leads@example.com]
                    status: {listen: off}
                    """)
                let run = try CommandRunner.start(["run", "--config", config], log: log)
                defer {
                    if run.isRunning { kill(run.processIdentifier, SIGKILL) }
                    run.waitUntilExit()
                }
                let resolved = try await CommandRunner.wait(upTo: 240) {
                    ((try? peer.deliveries().count) ?? 0) >= 2 && receiver.requests.count >= 2
                }
                // Time for anything more that would (wrongly) be sent.
                try await Task.sleep(for: .seconds(3))
                kill(run.processIdentifier, SIGTERM)
                run.waitUntilExit()
                try #require(resolved, "\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
                #expect(run.terminationStatus == 0)
            }

            let hook = receiver.requests
            #expect(hook.map(\.status) == ["firing", "resolved"])
            #expect(hook.allSatisfy { $0.path == "/hook" && $0.body.contains("no-agents-online") && $0.body.contains("3067") })

            let deliveries = try peer.deliveries()
            try #require(deliveries.count == 2)
            #expect(deliveries.allSatisfy { $0.encrypted && $0.login == SMTPPeer.username })
            #expect(deliveries.allSatisfy { $0.from == "alerts@example.com" && $0.recipients == ["leads@example.com"] })
            let mails = deliveries.map { String(decoding: $0.message, as: UTF8.self) }
            let (firing, resolve) = (MailText.headers(mails[0]), MailText.headers(mails[1]))
            #expect(firing["To"] == "leads@example.com")
            #expect(firing["X-Deskwatch-Status"] == "firing")
            #expect(resolve["X-Deskwatch-Status"] == "resolved")
            #expect(
                firing["Subject"].flatMap(MailText.decoded) == "🔴 FIRING critical: no-agents-online · Online customer service (3067)")
            #expect(
                resolve["Subject"].flatMap(MailText.decoded) == "✅ RESOLVED critical: no-agents-online · Online customer service (3067)")
            let thread = try #require(firing["Message-ID"])
            #expect(resolve["In-Reply-To"] == thread)
            #expect(resolve["References"] == thread)
            #expect(resolve["Message-ID"] != thread)

            let firingText = try #require(MailText.parts(mails[0])["text/plain; charset=utf-8"])
            #expect(firingText.contains("chat(s) in Online customer service found no agent online"))
            #expect(firingText.contains("3067"))
            let resolveText = try #require(MailText.parts(mails[1])["text/plain; charset=utf-8"])
            #expect(resolveText.contains("Online customer service"))
            #expect(try #require(MailText.parts(mails[0])["text/html; charset=utf-8"]).contains("Online customer service"))
        }
    }
}
