/// Paths named in configuration files: relative ones are taken from the folder of the file that
/// names them.
package enum ConfigPath {
    /// `path` itself when absolute, otherwise `path` inside `directory`; `.` and `..` parts are
    /// removed without looking at the file system.
    package static func resolve(_ path: String, against directory: String) -> String {
        let joined = path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
        return normalize(joined)
    }

    /// The folder part of `path` (`.` for a bare file name, `/` for a file at the root).
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// `path` with empty, `.` and `..` parts removed (a `..` above the root or above the start of a
    /// relative path is kept).
    package static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".":
                continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !absolute {
                    parts.append(part)
                }
            default:
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }
}
