import Foundation
import Testing

/// `deskwatch notify test RECEIVER` as a real child process.
struct NotifyCommandTests {
    private func config(_ folder: TemporaryFolder) throws -> String {
        try folder.write("secret_key", "notify-cli-test-key-0123456789ab")
        return try folder.write(
            "deskwatch.yaml",
            """
            sources:
              - {name: sim, sdkappid: 1400000000, endpoint: "http://127.0.0.1:9", identifier: admin, secret_key_file: secret_key}
            receivers:
              mail: {type: email, folder: mail, from: "deskwatch <alerts@example.com>", to: [leads@example.com]}
              down: {type: webhook, url: "http://127.0.0.1:9/hook"}
            """)
    }

    @Test func sendsTheSampleThroughTheReceiversRealPath() async throws {
        let folder = try TemporaryFolder()
        let path = try config(folder)
        let result = try await CommandRunner.run(["notify", "test", "mail", "--config", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("mail (email) answered: written to \(folder.url.appendingPathComponent("mail").path)"))
        #expect(result.stdout.hasSuffix("delivered\n"))
        let mails = try FileManager.default.contentsOfDirectory(atPath: folder.url.appendingPathComponent("mail").path)
        #expect(mails.count == 1)
        let mail = try String(contentsOfFile: folder.url.appendingPathComponent("mail/" + mails[0]).path, encoding: .utf8)
        #expect(mail.contains("\r\nX-Deskwatch-Severity: warning\r\n"))
        #expect(mail.contains("\r\nTo: leads@example.com\r\n"))
    }

    @Test func saysWhatWentWrongWhenTheTargetCannotBeReached() async throws {
        let folder = try TemporaryFolder()
        let path = try config(folder)
        let down = try await CommandRunner.run(["notify", "test", "down", "--config", path])
        #expect(down.status == 1)
        #expect(down.stdout.contains("down (webhook) answered: couldNotConnect"))
        #expect(down.stdout.contains("not delivered (a failure that may pass; the monitor would retry)"))

        let unknown = try await CommandRunner.run(["notify", "test", "mial", "--config", path])
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("no receiver named 'mial'; configured: mail, down"))
    }
}
