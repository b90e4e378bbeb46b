internal import CCurl
import Foundation

extension CurlEasy {
    /// Configures this handle to send `envelope` to `configuration`'s server over `security`, and to keep the
    /// server's replies for error messages. The caller has validated both (see
    /// ``SMTPConfiguration/validatedTarget()`` and ``SMTPEnvelope/validate(url:)``).
    func configureSMTP(
        _ envelope: SMTPEnvelope,
        configuration: SMTPConfiguration,
        security: SMTPConfiguration.Security
    ) throws(TransportError) {
        try apply(
            CurlTransferOptions(
                connectTimeout: configuration.connectTimeout,
                timeout: configuration.timeout,
                caFile: configuration.caFile,
                protocols: "smtp,smtps"
            )
        )
        // CURLUSESSL_ALL: STARTTLS or fail. CURLUSESSL_TRY would quietly continue in plain text.
        let useSSL = security == .plaintext ? CURLUSESSL_NONE : CURLUSESSL_ALL
        try set(CURLOPT_USE_SSL, Int(useSSL.rawValue))
        if let username = configuration.username, let password = configuration.password {
            try set(CURLOPT_USERNAME, username)
            try set(CURLOPT_PASSWORD, password.reveal())
            if let loginOptions = configuration.loginOptions {
                try set(CURLOPT_LOGIN_OPTIONS, loginOptions)
            }
        }
        try set(CURLOPT_MAIL_FROM, "<\(envelope.from)>")
        try set(CURLOPT_MAIL_RCPT, list: envelope.recipients.map { "<\($0)>" })
        try set(CURLOPT_UPLOAD, 1)
        try set(CURLOPT_INFILESIZE_LARGE, offset: envelope.message.count)
        try upload(envelope.message)
        // SMTP sends nothing back as a body; anything that arrives is kept (bounded) rather than printed.
        try collectBody(limit: 64 << 10)
        try collectReplyLines()
    }

    /// The error for a finished SMTP transfer, or `nil` when the server accepted the message.
    ///
    /// Refusals by the server (a failed login, a rejected sender or recipient, a refused message) say so and
    /// quote the server's reply, and carry its code in ``TransportError/serverReplyCode``; a missing STARTTLS
    /// says that TLS is required. `password` is removed from the message, in case a server echoes it.
    func smtpError(for completion: CurlCompletion, password: Secret?) -> TransportError? {
        guard let error = error(for: completion) else { return nil }
        guard case .finished(let code) = completion else { return error }
        var kind = error.kind
        var message = error.message
        var reply: (code: Int, text: String)?
        switch code {
        case CURLE_LOGIN_DENIED:
            kind = .other
            reply = lastRefusal()
            let said = reply.map { "the server replied \($0.text)" } ?? error.message
            message = "the server refused the login; check the username, password and login options: \(said)"
        case CURLE_SEND_ERROR, CURLE_WEIRD_SERVER_REPLY, CURLE_RECV_ERROR:
            if let refusal = lastRefusal() {
                kind = .other
                reply = refusal
                let what: String
                if error.message.hasPrefix("RCPT") {
                    what = "the server rejected a recipient"
                } else if error.message.hasPrefix("MAIL") {
                    what = "the server rejected the sender"
                } else {
                    what = "the server refused the message"
                }
                message = "\(what): the server replied \(refusal.text) (\(error.message))"
            }
        case CURLE_USE_SSL_FAILED:
            let reason = error.message.hasSuffix(".") ? String(error.message.dropLast()) : error.message
            message =
                "\(reason): TLS is required, so STARTTLS must be offered and accepted (allowPlaintext permits "
                + "a server without TLS, without credentials)"
        default:
            break
        }
        var result = TransportError(kind: kind, curlCode: error.curlCode, message: Self.redact(message, password: password), url: url)
        result.serverReplyCode = reply?.code
        return result
    }

    /// The last 4xx or 5xx reply in ``replyLines``, all its lines joined by spaces. Replies the server sends
    /// later (such as its answer to `QUIT`) do not hide it.
    private func lastRefusal() -> (code: Int, text: String)? {
        guard let last = replyLines.lastIndex(where: { Self.replyCode(of: $0).map { $0 >= 400 } ?? false }),
            let code = Self.replyCode(of: replyLines[last])
        else { return nil }
        var first = last
        while first > replyLines.startIndex {
            let previous = replyLines[first - 1]
            guard Self.replyCode(of: previous) == code, previous.dropFirst(3).first == "-" else { break }
            first -= 1
        }
        var text = replyLines[first...last].joined(separator: " ")
        if text.count > 400 {
            text = String(text.prefix(400)) + "…"
        }
        return (code, text)
    }

    /// The three-digit code that starts an SMTP reply line, if it has one.
    private static func replyCode(of line: String) -> Int? {
        let digits = line.utf8.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        let next = line.utf8.dropFirst(3).first
        guard next == nil || next == UInt8(ascii: " ") || next == UInt8(ascii: "-") else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// `text` with `password`, and the Base64 forms in which SMTP AUTH sends it, replaced by the redaction
    /// placeholder.
    private static func redact(_ text: String, password: Secret?) -> String {
        guard let password, password.reveal().utf8.count >= 2 else { return text }
        let value = password.reveal()
        var result = text.replacingOccurrences(of: value, with: URLRedaction.placeholder)
        let encoded = Data(value.utf8).base64EncodedString().trimmingCharacters(in: CharacterSet(charactersIn: "="))
        if encoded.count >= 4 {
            result = result.replacingOccurrences(of: encoded, with: URLRedaction.placeholder)
        }
        return result
    }
}
