import Foundation
import Rules

/// A complete mail (RFC 5322 header fields and a multipart/alternative body with the plain text
/// and HTML of ``EmailContent``), with CRLF line endings, ready for an SMTP envelope.
///
/// Threading: every alert has a thread id made from its rule, group and start
/// (`<deskwatch.KEY.SINCE@DOMAIN>`). A message that announces one alert firing takes that id as
/// its `Message-ID`; every other message (repeats, resolves, grouped messages) names the threads
/// of its alerts in `In-Reply-To` and `References`, so mail clients show an alert's resolve under
/// its firing. A message's own id is derived from its stable id, so a message sent twice after a
/// crash carries the same `Message-ID` and is recognised as one.
public struct EmailMessage: Sendable {
    /// The sender's bare address.
    public var from: String
    /// The sender's display name, if any.
    public var fromName: String?
    /// The recipients' bare addresses.
    public var to: [String]

    /// Creates a composer for one sender and its recipients.
    public init(from: String, fromName: String? = nil, to: [String]) {
        self.from = from
        self.fromName = fromName
        self.to = to
    }

    /// The domain of message ids: the sender's domain.
    var domain: String {
        guard let at = from.lastIndex(of: "@") else { return "deskwatch.invalid" }
        let domain = from[from.index(after: at)...]
        return domain.isEmpty ? "deskwatch.invalid" : String(domain)
    }

    /// The thread id of `alert`: the same for its firing, repeats and resolve.
    public func threadID(of alert: AlertMessage.Alert) -> String {
        "<deskwatch.\(alert.key).\(alert.since)@\(domain)>"
    }

    /// The `Message-ID` of `message`.
    public func messageID(of message: AlertMessage) -> String {
        if message.alerts.count == 1, let alert = message.alerts.first, alert.event == .firing { return threadID(of: alert) }
        return "<deskwatch.\(AlertMessage.digest(message.id)).\(message.alerts.count)@\(domain)>"
    }

    /// The mail for `message`, dated `now`.
    public func compose(_ message: AlertMessage, now: Int) -> Data {
        let content = EmailContent(message)
        let ownID = messageID(of: message)
        var threads: [String] = []
        for alert in message.alerts {
            let id = threadID(of: alert)
            if id != ownID, !threads.contains(id) { threads.append(id) }
        }
        // One boundary that cannot occur in the base64 parts.
        let boundary = "=_deskwatch_\(AlertMessage.digest(message.id + "boundary"))"
        let sender = fromName.map { "\(Escape.emailHeader(UntrustedText($0), cap: 200)) <\(from)>" } ?? from
        var header: [String] = [
            "Date: \(TimeText.rfc5322(now))",
            "From: \(sender)",
            "To: \(to.joined(separator: ", "))",
            "Subject: \(content.subject)",
            "Message-ID: \(ownID)",
        ]
        if let first = threads.first {
            header.append("In-Reply-To: \(first)")
            header.append("References: \(threads.joined(separator: " "))")
        }
        header += [
            "MIME-Version: 1.0",
            "Content-Type: multipart/alternative; boundary=\"\(boundary)\"",
            "Auto-Submitted: auto-generated",
            "X-Deskwatch-Status: \(message.status.rawValue)",
            "X-Deskwatch-Severity: \(message.severity.rawValue)",
        ]
        var lines = header.map(Self.fold)
        lines.append("")
        for (type, body) in [("text/plain", content.text), ("text/html", content.html)] {
            lines += [
                "--\(boundary)",
                "Content-Type: \(type); charset=utf-8",
                "Content-Transfer-Encoding: base64",
                "",
            ]
            lines += Self.base64Lines(Data(body.utf8))
        }
        lines.append("--\(boundary)--")
        return Data((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// Base64 in lines of 76 characters (RFC 2045).
    static func base64Lines(_ data: Data) -> [String] {
        let encoded = data.base64EncodedString()
        var lines: [String] = []
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let end = encoded.index(index, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex
            lines.append(String(encoded[index..<end]))
            index = end
        }
        return lines
    }

    /// A header field folded at spaces so that no line exceeds 78 characters where it can be
    /// helped (RFC 5322 2.2.3).
    static func fold(_ field: String) -> String {
        guard field.count > 78 else { return field }
        var lines: [String] = []
        var current = ""
        for (index, word) in field.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            // The field name stays on the first line with the first word of the value.
            if index > 1, current.count + 1 + word.count > 78 {
                lines.append(current)
                current = " " + word
            } else {
                current += current.isEmpty ? String(word) : " " + word
            }
        }
        lines.append(current)
        return lines.joined(separator: "\r\n")
    }
}
