import Foundation

/// One message to hand to an SMTP server: the envelope sender and recipients, and the message itself.
///
/// The envelope is what the server delivers by (`MAIL FROM`, `RCPT TO`); the message's own `From`, `To` and
/// `Cc` header fields are not consulted, so a recipient that appears only here (a blind copy) gets the message
/// without being named in it.
public struct SMTPEnvelope: Sendable {
    /// The envelope sender (`MAIL FROM`), a bare address such as `alerts@example.com`, without angle brackets.
    public var from: String
    /// The envelope recipients (`RCPT TO`), bare addresses. At least one; every one must be accepted by the
    /// server, else the send fails.
    public var recipients: [String]
    /// A complete RFC 5322 message (header fields, an empty line, the body) with CRLF line endings, as it is
    /// to arrive. Non-ASCII header text must already be encoded (RFC 2047) by the caller. libcurl adds the
    /// SMTP dot-stuffing and the end-of-data marker.
    public var message: Data

    /// Creates an envelope.
    public init(from: String, recipients: [String], message: Data) {
        self.from = from
        self.recipients = recipients
        self.message = message
    }
}
