import ArgumentParser
import DeskAPI
import Foundation

/// `deskwatch usersig`: make a UserSig; `deskwatch usersig verify`: check one.
struct UserSigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usersig",
        abstract: "Print a UserSig for an App administrator (TLSSigAPIv2).",
        discussion: "The secret key comes from --key-file or the DESK_SECRET_KEY environment variable.",
        subcommands: [Verify.self]
    )

    @OptionGroup var signer: SignerOptions
    @Option(help: "Lifetime in seconds.") var expire: Int = 180 * 86_400

    func validate() throws {
        guard expire > 0 else { throw ValidationError("--expire must be a positive number of seconds") }
    }

    func run() throws {
        let issuer = UserSigIssuer(sdkAppID: signer.sdkappid, secretKey: try signer.key.secretKey())
        print(
            issuer.sign(
                identifier: signer.identifier, expire: expire, time: signer.time ?? Int(Date().timeIntervalSince1970), userbuf: signer.userbufBytes))
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a UserSig: prints `ok`, or the reason and exits 1.")

        @OptionGroup var signer: SignerOptions
        @Argument(help: "The UserSig to check.") var userSig: String

        func run() throws {
            let issuer = UserSigIssuer(sdkAppID: signer.sdkappid, secretKey: try signer.key.secretKey())
            let now = signer.time ?? Int(Date().timeIntervalSince1970)
            switch issuer.verify(userSig, identifier: signer.identifier, now: now, userbuf: signer.userbufBytes) {
            case .success:
                print("ok")
            case .failure(let reason):
                print(reason.description)
                throw ExitCode(1)
            }
        }
    }
}

/// Options shared by making and checking a UserSig.
struct SignerOptions: ParsableArguments {
    @Option(help: "The application's SDKAppID.") var sdkappid: Int
    @Option(help: "The App administrator account.") var identifier: String
    @Option(help: "Unix seconds to use as now (default: the current time).") var time: Int?
    @Option(help: "Optional userbuf text.") var userbuf: String?
    @OptionGroup var key: KeySourceOptions

    var userbufBytes: [UInt8]? { userbuf.map { Array($0.utf8) } }

    func validate() throws {
        guard sdkappid > 0 else { throw ValidationError("--sdkappid must be a positive number") }
        guard !identifier.isEmpty else { throw ValidationError("--identifier must not be empty") }
    }
}
