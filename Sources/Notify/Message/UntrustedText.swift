/// Text that may have come from the Desk API or another outside party (nicknames, agent and group
/// names, ids, and messages built from them).
///
/// It has no `description` on purpose: a renderer reaches the characters only through
/// ``sanitized(cap:)`` or one of the ``Escape`` functions, so no code path puts raw API text into
/// a target's markup by accident.
public struct UntrustedText: Sendable, Hashable, Codable, ExpressibleByStringLiteral {
    /// The text as received.
    public let raw: String

    /// Wraps `raw`.
    public init(_ raw: String) { self.raw = raw }

    /// Wraps a literal (tests and fixed wording).
    public init(stringLiteral value: String) { self.raw = value }

    /// Whether the text is empty.
    public var isEmpty: Bool { raw.isEmpty }

    /// The text without control characters and bidi overrides, capped at `cap` characters.
    public func sanitized(cap: Int = TextSanitizer.defaultCap) -> String {
        TextSanitizer.clean(raw, cap: cap)
    }

    /// This text followed by `other`.
    public static func + (lhs: UntrustedText, rhs: UntrustedText) -> UntrustedText {
        UntrustedText(lhs.raw + rhs.raw)
    }
}
