extension HTTPRequest {
    /// Checks what libcurl would otherwise send malformed or reject with a less helpful message: the method and
    /// header names must be tokens, a `HEAD` request has no body, header values must not contain line breaks or
    /// NUL (no header injection), and the URL must be an `http` or `https` URL without whitespace or control
    /// characters.
    func validate() throws(TransportError) {
        guard !method.isEmpty, method.utf8.allSatisfy(Self.isTokenByte) else {
            throw TransportError(kind: .invalidRequest, message: "the method is not a valid HTTP token", url: url)
        }
        guard method != "HEAD" || body == nil else {
            throw TransportError(kind: .invalidRequest, message: "a HEAD request cannot have a body", url: url)
        }
        let lowercasedURL = url.lowercased()
        guard lowercasedURL.hasPrefix("http://") || lowercasedURL.hasPrefix("https://") else {
            throw TransportError(kind: .invalidRequest, message: "the URL is not an http or https URL", url: url)
        }
        guard !url.utf8.contains(where: { $0 <= 0x20 || $0 == 0x7F }) else {
            throw TransportError(kind: .invalidRequest, message: "the URL contains whitespace or control characters", url: url)
        }
        for header in headers {
            guard !header.name.isEmpty, header.name.utf8.allSatisfy(Self.isTokenByte) else {
                throw TransportError(kind: .invalidRequest, message: "a header name is not a valid HTTP token", url: url)
            }
            guard !header.value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw TransportError(kind: .invalidRequest, message: "the value of header \(header.name) contains a line break or NUL", url: url)
            }
        }
    }

    /// RFC 9110 `tchar`.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
