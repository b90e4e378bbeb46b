import ConfigSupport
import Foundation

/// Secrets kept in files of their own (`*_file:` settings).
enum SecretFile {
    /// The contents of the file `value` names, without surrounding whitespace, kept out of every
    /// diagnostic; a relative path is taken from `directory`. A missing, unreadable, non-UTF-8 or
    /// empty file is an error; a file other users can read gets a warning.
    static func read(_ value: YAMLValue, reader: inout YAMLReader, directory: String) -> String? {
        guard let path = reader.path(value, relativeTo: directory) else { return nil }
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            reader.error("`\(path)` does not exist", key: value.path, at: value.position)
            return nil
        }
        guard !isDirectory.boolValue else {
            reader.error("`\(path)` is a folder, not a file", key: value.path, at: value.position)
            return nil
        }
        guard let data = files.contents(atPath: path) else {
            reader.error("cannot read `\(path)`", key: value.path, at: value.position, hint: "check the file's permissions")
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            reader.error("`\(path)` is not UTF-8 text", key: value.path, at: value.position)
            return nil
        }
        let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
        reader.markSecret(text)
        reader.markSecret(secret)
        guard !secret.isEmpty else {
            reader.error("`\(path)` is empty", key: value.path, at: value.position)
            return nil
        }
        if let permissions = (try? files.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber,
            permissions.intValue & 0o044 != 0
        {
            reader.warning("`\(path)` can be read by other users", key: value.path, at: value.position, hint: "chmod 600 \(path)")
        }
        return secret
    }
}
