/// A ``MailSender`` built on libcurl's SMTP support.
///
/// Each send opens (or reuses) a connection to the configured server, secures it as ``SMTPConfiguration``
/// describes (implicit TLS, required STARTTLS, or plain text only when explicitly allowed and without
/// credentials), logs in when credentials are configured, and hands over the envelope and message. TLS peer and
/// host verification is always on.
///
/// Like ``CurlHTTPClient``, a sender runs its transfers on one dedicated thread that drives a libcurl multi
/// handle (see ``CurlMultiLoop``), so `send` never blocks Swift's cooperative thread pool, any number of tasks
/// may send concurrently, a connection left open by one send is reused by the next, and cancelling a calling
/// task aborts its transfer promptly with ``TransportError/Kind/cancelled``. The thread stops when the sender is
/// released.
///
/// The configuration and the envelope are validated before any connection is made; invalid ones fail with
/// ``TransportError/Kind/invalidRequest``. Every recipient must be accepted: one rejected recipient fails the
/// whole send, quoting the server's reply. The password never appears in an error.
public final class CurlSMTPSender: MailSender {
    /// The settings every send of this sender uses.
    public let configuration: SMTPConfiguration
    private let loop: CurlMultiLoop

    /// Creates a sender and starts its transfer thread. The configuration is checked at each send.
    public init(configuration: SMTPConfiguration) {
        self.configuration = configuration
        self.loop = CurlMultiLoop(threadName: "deskwatch-smtp", maxIdleConnections: 2)
    }

    deinit {
        loop.shutdown()
    }

    /// Sends `envelope`, returning once the server has accepted the message for every recipient.
    /// - Throws: ``TransportError``.
    public func send(_ envelope: SMTPEnvelope) async throws {
        try await perform(envelope)
    }

    private func perform(_ envelope: SMTPEnvelope) async throws(TransportError) {
        let target = try configuration.validatedTarget()
        try envelope.validate(url: configuration.url)
        let easy = try CurlEasy(url: target.url)
        try easy.configureSMTP(envelope, configuration: configuration, security: target.security)
        let completion = await loop.perform(easy)
        if let error = easy.smtpError(for: completion, password: configuration.password) {
            throw error
        }
    }
}
