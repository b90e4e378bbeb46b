extension SMTPEnvelope {
    /// The longest accepted address in bytes (RFC 5321: a path of at most 256 bytes including `<` and `>`).
    static let maxAddressLength = 254
    /// The longest accepted local part in bytes (RFC 5321).
    static let maxLocalPartLength = 64

    /// Checks what libcurl would otherwise send as is: every address must be a plain ASCII `local@domain`
    /// (no line breaks, NUL, spaces, angle brackets or other characters that could end the SMTP command or
    /// inject another one), there must be at least one recipient, and the message must be non-empty, free of
    /// NUL bytes and use CRLF line endings only (no bare LF or CR).
    func validate(url: String) throws(TransportError) {
        try Self.validate(address: from, role: "sender", url: url)
        guard !recipients.isEmpty else {
            throw TransportError(kind: .invalidRequest, message: "the envelope has no recipient", url: url)
        }
        for (index, recipient) in recipients.enumerated() {
            try Self.validate(address: recipient, role: "recipient \(index + 1)", url: url)
        }
        guard !message.isEmpty else {
            throw TransportError(kind: .invalidRequest, message: "the message is empty", url: url)
        }
        var previous: UInt8 = 0
        for (offset, byte) in message.enumerated() {
            if byte == 0 {
                throw TransportError(kind: .invalidRequest, message: "the message contains a NUL byte at offset \(offset)", url: url)
            }
            if byte == 0x0A && previous != 0x0D {
                throw TransportError(kind: .invalidRequest, message: "the message has a bare LF at offset \(offset); use CRLF line endings", url: url)
            }
            if previous == 0x0D && byte != 0x0A {
                let reason = "the message has a bare CR at offset \(offset - 1); use CRLF line endings"
                throw TransportError(kind: .invalidRequest, message: reason, url: url)
            }
            previous = byte
        }
        if previous == 0x0D {
            throw TransportError(kind: .invalidRequest, message: "the message ends with a bare CR; use CRLF line endings", url: url)
        }
    }

    /// Why `address` cannot be used as an envelope address (e.g. "has an invalid domain"), or
    /// `nil` when it can: for configuration checks that want to report it before anything is sent.
    public static func problem(withAddress address: String) -> String? {
        do {
            try validate(address: address, role: "mail", url: "")
            return nil
        } catch {
            return String(error.message.dropFirst("the mail address ".count))
        }
    }

    /// Checks one envelope address. The error names the `role` (sender, recipient n) and the reason, never the
    /// address itself, which may hold control characters.
    static func validate(address: String, role: String, url: String) throws(TransportError) {
        func invalid(_ reason: String) -> TransportError {
            TransportError(kind: .invalidRequest, message: "the \(role) address \(reason)", url: url)
        }
        let bytes = Array(address.utf8)
        guard !bytes.isEmpty else { throw invalid("is empty") }
        guard bytes.count <= maxAddressLength else { throw invalid("is longer than \(maxAddressLength) bytes") }
        if bytes.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) {
            throw invalid("contains a line break or NUL")
        }
        if bytes.contains(where: { $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">") }) {
            throw invalid("contains an angle bracket; give the bare address")
        }
        guard bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw invalid("contains whitespace, control or non-ASCII characters")
        }
        let parts = bytes.split(separator: UInt8(ascii: "@"), omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw invalid("must contain exactly one @") }
        let local = parts[0]
        let domain = parts[1]
        guard !local.isEmpty, local.count <= maxLocalPartLength, isDotAtom(local) else {
            throw invalid("has an invalid local part")
        }
        guard isDomain(domain) else { throw invalid("has an invalid domain") }
    }

    /// RFC 5322 `dot-atom`: `atext` characters in non-empty runs separated by single dots.
    private static func isDotAtom(_ bytes: ArraySlice<UInt8>) -> Bool {
        let runs = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return runs.allSatisfy { run in !run.isEmpty && run.allSatisfy(isAtext) }
    }

    private static func isAtext(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return false
        }
    }

    /// A host name of letter-digit-hyphen labels (1 to 63 bytes each, at most 253 in all), or an address literal
    /// in brackets such as `[192.0.2.1]` or `[IPv6:2001:db8::1]`.
    static func isDomain(_ bytes: ArraySlice<UInt8>) -> Bool {
        if bytes.first == UInt8(ascii: "[") {
            guard bytes.count > 2, bytes.last == UInt8(ascii: "]") else { return false }
            var inner = String(decoding: bytes.dropFirst().dropLast(), as: UTF8.self)
            if inner.hasPrefix("IPv6:") {
                inner.removeFirst(5)
            }
            return !inner.isEmpty && inner.utf8.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
        }
        guard !bytes.isEmpty, bytes.count <= 253 else { return false }
        let labels = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.count <= 63 && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) && (byte <= UInt8(ascii: "9") || (byte | 0x20) <= UInt8(ascii: "f"))
    }
}
