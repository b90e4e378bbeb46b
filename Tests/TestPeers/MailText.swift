import Foundation

/// Reading a mail as its recipient's client would: header fields unfolded, RFC 2047 encoded
/// words decoded, the parts of a multipart message decoded from Base64.
public enum MailText {
    /// The header fields of a mail, unfolded, by name.
    public static func headers(_ mail: String) -> [String: String] {
        let head = mail.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        var fields: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            fields[String(line[..<colon])] = String(line[line.index(colon, offsetBy: 2)...])
        }
        return fields
    }

    /// The decoded parts of a multipart mail, by content type.
    public static func parts(_ mail: String, boundary: String) -> [String: String] {
        var parts: [String: String] = [:]
        for chunk in mail.components(separatedBy: "--" + boundary).dropFirst() where !chunk.hasPrefix("--") {
            let sections = chunk.components(separatedBy: "\r\n\r\n")
            guard sections.count >= 2, let type = headers(sections[0].trimmingCharacters(in: .newlines))["Content-Type"] else { continue }
            let base64 = sections[1].replacingOccurrences(of: "\r\n", with: "")
            parts[type] = Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
        }
        return parts
    }

    /// The decoded parts of a multipart mail, by content type, with the boundary its
    /// `Content-Type` names; empty when it is not multipart.
    public static func parts(_ mail: String) -> [String: String] {
        guard let type = headers(mail)["Content-Type"], let start = type.range(of: "boundary=\"") else { return [:] }
        return parts(mail, boundary: String(type[start.upperBound...].prefix { $0 != "\"" }))
    }

    /// A header value with its `=?UTF-8?B?…?=` words decoded (the space between two encoded words
    /// is not part of the text, RFC 2047 section 6.2); `nil` when a word is not valid Base64.
    public static func decoded(_ value: String) -> String? {
        var text = ""
        var previousWasEncoded = false
        for word in value.split(separator: " ", omittingEmptySubsequences: false) {
            if word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") {
                guard let data = Data(base64Encoded: String(word.dropFirst(10).dropLast(2))) else { return nil }
                text += String(decoding: data, as: UTF8.self)
                previousWasEncoded = true
            } else {
                text += (text.isEmpty && !previousWasEncoded ? "" : " ") + word
                previousWasEncoded = false
            }
        }
        return text
    }
}
