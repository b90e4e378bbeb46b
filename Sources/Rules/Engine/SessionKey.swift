/// A session's identity: its source and `SessionId`.
struct SessionKey: Hashable, Sendable {
    var source: String
    var sessionID: String

    /// Hashes the `SessionId` only: it is nearly unique on its own, and hashing one string instead
    /// of two is measurably cheaper per record. Equality still compares both.
    func hash(into hasher: inout Hasher) {
        hasher.combine(sessionID)
    }
}
