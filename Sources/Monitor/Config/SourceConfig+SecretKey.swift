import ConfigSupport
import Foundation
import Transport

extension SourceConfig {
    /// `secret_key:` or `secret_key_file:`, exactly one of them.
    static func readSecretKey(_ mapping: YAMLMapping, reader: inout YAMLReader, directory: String) -> Secret? {
        let present = reader.exclusive(["secret_key", "secret_key_file"], in: mapping)
        guard let present else {
            reader.error(
                "one of `secret_key` and `secret_key_file` is required", key: mapping.value.path(of: "secret_key"),
                at: mapping.position, hint: "secret_key: ${DESK_SECRET_KEY} or secret_key_file: <path>")
            return nil
        }
        var secrets: [String: Secret?] = [:]
        if let value = mapping["secret_key"] { secrets["secret_key"] = readInlineSecretKey(value, reader: &reader) }
        if let value = mapping["secret_key_file"] {
            secrets["secret_key_file"] = readSecretKeyFile(value, reader: &reader, directory: directory)
        }
        return secrets[present] ?? nil
    }

    /// `secret_key:`, normally `${ENV_NAME}`; a key written into the file is accepted with a warning.
    private static func readInlineSecretKey(_ value: YAMLValue, reader: inout YAMLReader) -> Secret? {
        guard let (text, variables) = reader.expandedScalar(value, secret: true) else { return nil }
        guard !text.isEmpty else {
            let message =
                variables.isEmpty
                ? "must not be empty" : "is empty (environment variable \(variables.map { "`\($0)`" }.joined(separator: ", ")))"
            reader.error(message, key: value.path, at: value.position)
            return nil
        }
        if variables.isEmpty {
            reader.warning(
                "the secret key is written in the config file", key: value.path, at: value.position,
                hint: "use secret_key: ${ENV_NAME} or secret_key_file: <path>")
        }
        return Secret(text)
    }

    /// `secret_key_file:`: the file's contents without surrounding whitespace.
    private static func readSecretKeyFile(_ value: YAMLValue, reader: inout YAMLReader, directory: String) -> Secret? {
        SecretFile.read(value, reader: &reader, directory: directory).map(Secret.init)
    }
}
