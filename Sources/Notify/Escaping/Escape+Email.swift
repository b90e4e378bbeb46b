import Foundation

extension Escape {
    /// A mail header value: controls (CR and LF included) removed by ``TextSanitizer``, and the
    /// whole value RFC 2047 `B`-encoded in UTF-8 when it holds anything but printable ASCII.
    /// Encoded words stay within 75 characters, never split a UTF-8 sequence, and are separated
    /// by spaces (folding is the mail writer's job).
    public static func emailHeader(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        let clean = text.sanitized(cap: cap)
        if clean.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return clean }
        // "=?UTF-8?B?" + "?=" is 12 characters; 45 bytes of text encode to 60 characters.
        let maximumBytes = 45
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in clean.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if !chunk.isEmpty, chunk.count + bytes.count > maximumBytes {
                words.append(encodedWord(chunk))
                chunk = []
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(encodedWord(chunk)) }
        return words.joined(separator: " ")
    }

    /// An HTML mail body fragment: entities for `&`, `<`, `>`, `"` and `'`.
    public static func emailHTML(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        html(text, cap: cap)
    }

    private static func encodedWord(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?\(Data(bytes).base64EncodedString())?="
    }
}
