/// A credential (secret key, password, token) that must never be printed.
///
/// `description`, `debugDescription` and string interpolation show `<redacted>`; the value is
/// reachable only through ``reveal()`` at the place that hands it to the wire.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// The secret itself. Call it only where the value goes to the wire or to a signature.
    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
