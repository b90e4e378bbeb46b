/// A URL split into the pieces ``URLRedaction`` needs, without normalising anything: concatenating
/// `head`, `userinfo` + `@`, `hostAndPath`, `?query` and `#fragment` gives back the original string.
struct URLParts {
    /// The scheme and `//` (or `//` alone, or nothing for a scheme-less URL as libcurl accepts them).
    var head: Substring
    /// The userinfo before the last `@` of the authority, if any.
    var userinfo: Substring?
    /// The rest of the URL before the query: `@` (when there is userinfo), host, port and path.
    var hostAndPath: Substring
    /// The query, without its `?`.
    var query: Substring?
    /// The fragment, without its `#`.
    var fragment: Substring?

    init(_ url: String) {
        var main = url[...]
        if let hash = main.firstIndex(of: "#") {
            fragment = main[main.index(after: hash)...]
            main = main[..<hash]
        }
        if let question = main.firstIndex(of: "?") {
            query = main[main.index(after: question)...]
            main = main[..<question]
        }
        let authorityStart = Self.authorityStart(in: main)
        let authorityEnd = main[authorityStart...].firstIndex(of: "/") ?? main.endIndex
        head = main[..<authorityStart]
        if let at = main[authorityStart..<authorityEnd].lastIndex(of: "@") {
            userinfo = main[authorityStart..<at]
            hostAndPath = main[at...]
        } else {
            userinfo = nil
            hostAndPath = main[authorityStart...]
        }
    }

    /// Where the authority starts: after `scheme://`, after a leading `//`, or at the start.
    private static func authorityStart(in main: Substring) -> Substring.Index {
        if main.hasPrefix("//") {
            return main.index(main.startIndex, offsetBy: 2)
        }
        guard let colon = main.firstIndex(of: ":") else { return main.startIndex }
        let scheme = main[..<colon]
        let afterColon = main[main.index(after: colon)...]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }),
            afterColon.hasPrefix("//")
        else {
            return main.startIndex
        }
        return afterColon.index(afterColon.startIndex, offsetBy: 2)
    }
}
