/// What an email about a message says: a subject ready for the `Subject:` header, and plain
/// text and HTML bodies with CRLF line endings (for a multipart/alternative message).
///
/// Addresses, `Date`, `Message-ID`, threading headers and SMTP belong to the mail sender.
public struct EmailContent: Sendable, Hashable {
    /// The subject: no CR or LF, RFC 2047-encoded when it holds non-ASCII text.
    public var subject: String
    /// The plain text body.
    public var text: String
    /// The HTML body; outside text is entity-escaped.
    public var html: String

    /// The content for `message`.
    public init(_ message: AlertMessage) {
        let detail = Detail(alerts: message.alerts.count, samples: Detail.maximumSamples)
        let plain = Markup(escape: { Escape.plain($0, cap: $1) }, link: { "\($0): \($1)" })
        subject = Escape.emailHeader(UntrustedText(MessageText.summaryLine(message, markup: plain)), cap: 250)
        text =
            ([MessageText.summaryLine(message, markup: plain)] + MessageText.bodyLines(message, markup: plain, detail: detail))
            .joined(separator: "\r\n") + "\r\n"
        let markup = Markup(
            escape: { Escape.emailHTML($0, cap: $1) }, bold: { "<b>\($0)</b>" }, link: { "<a href=\"\($1)\">\($0)</a>" })
        let lines = [MessageText.header(message, markup: markup, detail: detail)] + MessageText.bodyLines(message, markup: markup, detail: detail)
        html =
            "<!DOCTYPE html>\r\n<html><head><meta charset=\"utf-8\"></head><body>\r\n"
            + lines.map { "<p>\($0)</p>" }.joined(separator: "\r\n") + "\r\n</body></html>\r\n"
    }
}
