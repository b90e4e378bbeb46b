import ConfigSupport
import Foundation
import Rules

/// Rule files named on the command line or by `rules:` in the configuration: files as they are,
/// and folders whose `*.yaml` and `*.yml` files are read in name order (not their sub-folders,
/// which hold the rule tests).
public enum RuleFiles {
    /// The files that could be read, and a diagnostic for each path that could not.
    public struct Loaded: Sendable {
        public var sources: [RuleSource]
        public var diagnostics: [ConfigDiagnostic]
        /// Files found, readable or not.
        public var fileCount: Int
    }

    public static func read(_ paths: [String]) -> Loaded {
        var loaded = Loaded(sources: [], diagnostics: [], fileCount: 0)
        let files = FileManager.default
        for path in paths {
            let shown = display(path)
            var isDirectory: ObjCBool = false
            guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
                loaded.diagnostics.append(
                    ConfigDiagnostic(severity: .error, file: shown, message: "no such file or folder", hint: "check the path"))
                continue
            }
            guard isDirectory.boolValue else {
                loaded.fileCount += 1
                readFile(path, shown: shown, into: &loaded)
                continue
            }
            let names: [String]
            do {
                names = try files.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
            } catch {
                loaded.diagnostics.append(
                    ConfigDiagnostic(severity: .error, file: shown, message: "cannot list the folder", hint: "check its permissions"))
                continue
            }
            if names.isEmpty {
                loaded.diagnostics.append(ConfigDiagnostic(severity: .warning, file: shown, message: "the folder holds no .yaml rule files"))
            }
            for name in names {
                let file = ConfigPath.resolve(name, against: path)
                var isFolder: ObjCBool = false
                guard files.fileExists(atPath: file, isDirectory: &isFolder), !isFolder.boolValue else { continue }
                loaded.fileCount += 1
                readFile(file, shown: display(file), into: &loaded)
            }
        }
        return loaded
    }

    private static func readFile(_ path: String, shown: String, into loaded: inout Loaded) {
        guard let data = FileManager.default.contents(atPath: path) else {
            loaded.diagnostics.append(
                ConfigDiagnostic(severity: .error, file: shown, message: "cannot read the file", hint: "check its permissions"))
            return
        }
        guard let text = String(data: data, encoding: .utf8) else {
            loaded.diagnostics.append(ConfigDiagnostic(severity: .error, file: shown, message: "the file is not UTF-8 text"))
            return
        }
        loaded.sources.append(RuleSource(file: shown, text: text))
    }

    /// `path` as diagnostics show it: relative to the current folder when it lies inside it.
    public static func display(_ path: String) -> String {
        guard path.hasPrefix("/") else { return ConfigPath.normalize(path) }
        let current = FileManager.default.currentDirectoryPath
        let prefix = current.hasSuffix("/") ? current : current + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
