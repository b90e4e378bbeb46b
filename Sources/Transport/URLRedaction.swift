import Foundation

/// Removes credentials from URLs and from text about them, so that they can be logged and shown.
///
/// The values of sensitive query (and fragment) parameters become `REDACTED`, and so does any userinfo
/// (`user:password@`) in the authority. Everything else is kept byte for byte, so a redacted URL still
/// identifies the endpoint and the non-secret parameters.
public enum URLRedaction {
    /// The text that replaces each secret.
    public static let placeholder = "REDACTED"

    /// The parameter names whose values are secrets, lower-cased; names are compared case-insensitively
    /// after percent-decoding.
    public static let sensitiveParameterNames: Set<String> = [
        "usersig", "key", "access_token", "token", "sign", "signature", "secret", "password", "sig",
    ]

    /// Returns `url` with the values of sensitive parameters and any userinfo replaced by ``placeholder``.
    ///
    /// For example `https://u:p@host/v4?sdkappid=1&usersig=abc` becomes
    /// `https://REDACTED@host/v4?sdkappid=1&usersig=REDACTED`. Strings that are not URLs come back unchanged
    /// unless they contain something that parses as userinfo or sensitive parameters.
    public static func redact(_ url: String) -> String {
        let parts = URLParts(url)
        var result = String(parts.head)
        if parts.userinfo != nil {
            result += placeholder
        }
        result += redactPath(parts.hostAndPath)
        if let query = parts.query {
            result += "?" + redactParameterList(query)
        }
        if let fragment = parts.fragment {
            result += "#" + redactParameterList(fragment)
        }
        return result
    }

    /// Redacts a free-form `message` about a request for `url`: occurrences of the raw URL become the
    /// redacted URL, `name=value` pairs with sensitive names are redacted, and then every remaining occurrence
    /// of a credential taken from `url` (sensitive parameter values and userinfo, raw and percent-decoded)
    /// is replaced. Credentials shorter than two characters are only redacted in `name=value` form, so that
    /// single digits elsewhere in the text survive.
    static func redact(message: String, url: String) -> String {
        var text = message
        let redactedURL = redact(url)
        if !url.isEmpty && redactedURL != url {
            text = text.replacingOccurrences(of: url, with: redactedURL)
        }
        text = redactParameters(inText: text)
        let secrets = secrets(in: url).filter { $0.count >= 2 && $0 != placeholder }.sorted { $0.count > $1.count }
        for secret in secrets {
            text = text.replacingOccurrences(of: secret, with: placeholder)
        }
        return text
    }

    /// Replaces the value of every `name=value` pair in free text whose name is sensitive. A name counts only
    /// when it does not continue a longer word (`monkey=1` is left alone), and a value ends at whitespace,
    /// quotes, brackets or `&#;,`.
    public static func redactParameters(inText text: String) -> String {
        let bytes = Array(text.utf8)
        let names = sensitiveParameterNames.map { Array($0.utf8) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let startsWord = index == 0 || !isNameByte(bytes[index - 1])
            if startsWord, let nameLength = sensitiveNameLength(in: bytes, at: index, names: names) {
                let valueStart = index + nameLength + 1
                var valueEnd = valueStart
                while valueEnd < bytes.count && !isValueTerminator(bytes[valueEnd]) {
                    valueEnd += 1
                }
                output.append(contentsOf: bytes[index..<valueStart])
                if valueEnd > valueStart {
                    output.append(contentsOf: placeholder.utf8)
                }
                index = valueEnd
                continue
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Every credential in `url`: userinfo and its parts, and the values of sensitive parameters, each raw
    /// and percent-decoded.
    static func secrets(in url: String) -> [String] {
        let parts = URLParts(url)
        var found: Set<String> = []
        func add(_ value: Substring) {
            guard !value.isEmpty else { return }
            found.insert(String(value))
            found.insert(percentDecoded(value))
            found.insert(percentDecoded(value, plusAsSpace: true))
        }
        if let userinfo = parts.userinfo {
            add(userinfo)
            for component in userinfo.split(separator: ":") {
                add(component)
            }
        }
        for list in [parts.query, parts.fragment].compactMap({ $0 }) {
            for pair in list.split(separator: "&") {
                guard let equals = pair.firstIndex(of: "="), isSensitive(name: pair[..<equals]) else { continue }
                add(pair[pair.index(after: equals)...])
            }
        }
        for segment in pathSecrets(in: parts.hostAndPath) {
            add(segment)
        }
        found.remove("")
        return Array(found)
    }

    /// The path segments that are credentials in the webhook URLs chat services hand out: a
    /// Telegram `bot<token>`, the token after Discord's `webhooks/<id>`, the last part of a Slack
    /// `services/T…/B…/<token>`, and the token after a Feishu or Lark `hook/`.
    static func pathSecrets(in hostAndPath: Substring) -> [Substring] {
        let segments = hostAndPath.split(separator: "/", omittingEmptySubsequences: false)
        var secrets: [Substring] = []
        for (index, segment) in segments.enumerated() {
            if segment.hasPrefix("bot"), segment.contains(":"), segment.dropFirst(3).first?.isNumber == true {
                secrets.append(segment.dropFirst(3))
            }
            let next = { (offset: Int) -> Substring? in index + offset < segments.count ? segments[index + offset] : nil }
            switch segment {
            case "webhooks": if let token = next(2) { secrets.append(token) }
            case "services": if let token = next(3) { secrets.append(token) }
            case "hook": if let token = next(1) { secrets.append(token) }
            default: break
            }
        }
        return secrets.filter { !$0.isEmpty }
    }

    /// `hostAndPath` with the credentials of ``pathSecrets(in:)`` replaced.
    private static func redactPath(_ hostAndPath: Substring) -> String {
        let secrets = Set(pathSecrets(in: hostAndPath))
        guard !secrets.isEmpty else { return String(hostAndPath) }
        return hostAndPath.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            if secrets.contains(segment) { return placeholder }
            if segment.hasPrefix("bot"), secrets.contains(segment.dropFirst(3)) { return "bot" + placeholder }
            return String(segment)
        }.joined(separator: "/")
    }

    private static func redactParameterList(_ list: Substring) -> String {
        list.split(separator: "&", omittingEmptySubsequences: false)
            .map { pair -> String in
                guard let equals = pair.firstIndex(of: "="),
                    isSensitive(name: pair[..<equals]),
                    pair.index(after: equals) < pair.endIndex
                else {
                    return String(pair)
                }
                return pair[...equals] + placeholder
            }
            .joined(separator: "&")
    }

    private static func isSensitive(name: Substring) -> Bool {
        sensitiveParameterNames.contains(percentDecoded(name, plusAsSpace: true).lowercased())
    }

    private static func sensitiveNameLength(in bytes: [UInt8], at index: Int, names: [[UInt8]]) -> Int? {
        for name in names {
            let end = index + name.count
            guard end < bytes.count, bytes[end] == UInt8(ascii: "=") else { continue }
            var matches = true
            for offset in 0..<name.count where asciiLowercased(bytes[index + offset]) != name[offset] {
                matches = false
                break
            }
            if matches {
                return name.count
            }
        }
        return nil
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func isValueTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "&"), UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\t"),
            UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "<"), UInt8(ascii: ">"),
            UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    /// Decodes `%XX` escapes (and `+` when asked); malformed escapes are kept as they are.
    static func percentDecoded(_ text: Substring, plusAsSpace: Bool = false) -> String {
        let bytes = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
