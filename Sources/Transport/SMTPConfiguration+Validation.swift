extension SMTPConfiguration {
    /// How a send secures its connection, derived from the URL's scheme and ``allowPlaintext``.
    enum Security: Equatable {
        /// `smtps://`: TLS from the first byte.
        case implicitTLS
        /// `smtp://`: STARTTLS, required.
        case startTLS
        /// `smtp://` with ``allowPlaintext``: no TLS, no credentials.
        case plaintext
    }

    /// What a send uses: the URL handed to libcurl (with the `EHLO` name as its path) and the security.
    struct Target {
        var url: String
        var security: Security
    }

    /// Checks the settings and derives the ``Target``; throws ``TransportError/Kind/invalidRequest`` before any
    /// connection is made when the URL is not a plain `smtp`/`smtps` server URL, when credentials are
    /// incomplete or would travel without TLS, or when a setting contains a line break or NUL.
    func validatedTarget() throws(TransportError) -> Target {
        func invalid(_ reason: String) -> TransportError {
            TransportError(kind: .invalidRequest, message: reason, url: url)
        }
        guard !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw invalid("the SMTP URL contains whitespace or control characters")
        }
        let lowercased = url.lowercased()
        let security: Security
        if lowercased.hasPrefix("smtps://") {
            security = .implicitTLS
        } else if lowercased.hasPrefix("smtp://") {
            security = allowPlaintext ? .plaintext : .startTLS
        } else {
            throw invalid("the SMTP URL must start with smtps:// or smtp://")
        }
        let parts = URLParts(url)
        guard parts.userinfo == nil else {
            throw invalid("the SMTP URL must not contain credentials; set username and password instead")
        }
        guard parts.query == nil, parts.fragment == nil else {
            throw invalid("the SMTP URL must not have a query or fragment")
        }
        var authority = parts.hostAndPath
        if let slash = authority.firstIndex(of: "/") {
            guard authority[slash...] == "/" else {
                throw invalid("the SMTP URL must not have a path; set heloName for the EHLO name")
            }
            authority = authority[..<slash]
        }
        guard !authority.isEmpty else { throw invalid("the SMTP URL has no host") }

        switch (username, password) {
        case (nil, nil):
            break
        case (let username?, let password?):
            guard security != .plaintext else {
                throw invalid("credentials are refused on a plaintext SMTP connection; use smtps:// or STARTTLS")
            }
            guard !username.isEmpty else { throw invalid("the SMTP username is empty") }
            guard !username.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw invalid("the SMTP username contains a line break or NUL")
            }
            guard !password.reveal().utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw invalid("the SMTP password contains a line break or NUL")
            }
        default:
            throw invalid("SMTP authentication needs both a username and a password")
        }
        if let loginOptions, loginOptions.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) {
            throw invalid("the SMTP login options contain control characters")
        }

        var target = String(parts.head) + authority + "/"
        if let heloName {
            guard SMTPEnvelope.isDomain(Array(heloName.utf8)[...]) else {
                throw invalid("heloName must be a host name or an address literal")
            }
            target += heloName
        }
        return Target(url: target, security: security)
    }
}
