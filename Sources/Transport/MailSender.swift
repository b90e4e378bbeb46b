/// Something that hands complete mail messages to a mail server.
public protocol MailSender: Sendable {
    /// Sends `envelope.message` to `envelope.recipients`, returning once the server has accepted it.
    /// - Throws: ``TransportError``.
    func send(_ envelope: SMTPEnvelope) async throws
}
