import Foundation
import Testing

/// `deskwatch usersig` and `deskwatch usersig verify`, run as a user would.
struct UserSigCommandTests {
    static let key = "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e"

    @Test func printsAUserSigThatVerifies() async throws {
        let folder = try TemporaryFolder()
        let keyFile = try folder.write("key", Self.key + "\n")
        let made = try await CommandRunner.run([
            "usersig", "--sdkappid", "1400000000", "--identifier", "admin", "--key-file", keyFile, "--userbuf", "abc",
        ])
        #expect(made.status == 0)
        let userSig = made.stdout.trimmingCharacters(in: .newlines)
        #expect(made.stdout == userSig + "\n")
        #expect(!userSig.isEmpty && !userSig.contains(" "))

        let checked = try await CommandRunner.run(
            ["usersig", "verify", "--sdkappid", "1400000000", "--identifier", "admin", "--userbuf", "abc", userSig],
            environment: ["DESK_SECRET_KEY": Self.key])
        #expect(checked.status == 0)
        #expect(checked.stdout == "ok\n")
    }

    @Test func verifiesTheVendorsOwnVector() async throws {
        let vector =
            "eJyrVgrxCdYrSy1SslJQMtIzUNJRAItkpqTmlWSmZUIkElNyM-NgUsUp2YkFBZkpQAlDEwMogMqlVhRkFqWCZExNTY0Q4iWZuWBRc2MDY0sDE7h4cWY6yPzignSXlMjCcp-K3FJfg-SgYksX76AMy*Iq39BAM-OoDN8M09KSwuJU14xAW6VaAJ*bM6k_"
        let checked = try await CommandRunner.run(
            ["usersig", "verify", "--sdkappid", "1400000000", "--identifier", "admin", "--time", "1730390400", vector],
            environment: ["DESK_SECRET_KEY": Self.key])
        #expect(checked.stdout == "ok\n")
        #expect(checked.status == 0)
    }

    @Test func explainsEachReasonAVerifyFailsAndExitsNonZero() async throws {
        let env = ["DESK_SECRET_KEY": Self.key]
        let made = try await CommandRunner.run(
            ["usersig", "--sdkappid", "1400000000", "--identifier", "admin", "--time", "1700000000", "--expire", "60"], environment: env)
        let userSig = made.stdout.trimmingCharacters(in: .newlines)
        let cases: [([String], [String: String], String)] = [
            (["--sdkappid", "1400000000", "--identifier", "admin", "--time", "1700000061"], env, "expired"),
            (["--sdkappid", "1400000001", "--identifier", "admin", "--time", "1700000000"], env, "1400000001"),
            (["--sdkappid", "1400000000", "--identifier", "root", "--time", "1700000000"], env, "identifier"),
            (["--sdkappid", "1400000000", "--identifier", "admin", "--time", "1700000000", "--userbuf", "x"], env, "userbuf"),
            (["--sdkappid", "1400000000", "--identifier", "admin", "--time", "1700000000"], ["DESK_SECRET_KEY": "other"], "signature"),
        ]
        for (options, environment, reason) in cases {
            let result = try await CommandRunner.run(["usersig", "verify"] + options + [userSig], environment: environment)
            #expect(result.status == 1, "\(options)")
            #expect(result.stdout.lowercased().contains(reason), "\(result.stdout) should mention \(reason)")
            #expect(!result.stdout.contains(userSig) && !result.stdout.contains(Self.key))
        }
        let garbage = try await CommandRunner.run(["usersig", "verify", "--sdkappid", "1", "--identifier", "a", "%%%"], environment: env)
        #expect(garbage.status == 1)
        #expect(garbage.stdout.contains("undecodable") || garbage.stdout.contains("cannot"))
    }

    @Test func refusesToRunWithoutAKeyAndNeverTakesItAsAnArgument() async throws {
        let result = try await CommandRunner.run(["usersig", "--sdkappid", "1400000000", "--identifier", "admin"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("--key-file") && result.stderr.contains("DESK_SECRET_KEY"))
        let asArgument = try await CommandRunner.run(["usersig", "--sdkappid", "1", "--identifier", "a", "--key", "secret"])
        #expect(asArgument.status != 0)
    }
}
