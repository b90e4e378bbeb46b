import ArgumentParser
import Foundation

/// Where a command takes a secret key from: `--key-file PATH` or the `DESK_SECRET_KEY`
/// environment variable. Never a plain argument, which would show in `ps`.
struct KeySourceOptions: ParsableArguments {
    @Option(name: .customLong("key-file"), help: "File holding the application's secret key (or set DESK_SECRET_KEY).")
    var keyFile: String?

    static let environmentVariable = "DESK_SECRET_KEY"

    func secretKey(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let keyFile {
            let text: String
            do {
                text = try String(contentsOfFile: keyFile, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read --key-file \(keyFile): \(error.localizedDescription)")
            }
            let key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !key.isEmpty else { throw ValidationError("--key-file \(keyFile) is empty") }
            return key
        }
        if let key = environment[Self.environmentVariable]?.trimmingCharacters(in: .whitespacesAndNewlines), !key.isEmpty {
            return key
        }
        throw ValidationError("no secret key: pass --key-file PATH or set \(Self.environmentVariable)")
    }
}
