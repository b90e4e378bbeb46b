/// The sessions of the last `horizon` seconds by source and `SessionId`, so that a changed copy
/// can take the old one's place in the windows.
///
/// Two generations of dictionaries: lookups check both, and when the current one spans more than
/// the horizon the older generation is dropped whole. Nothing is filtered record by record, and a
/// session is kept between one and two horizons.
struct RecentSessions: Sendable {
    private var current: [SessionKey: Session] = [:]
    private var previous: [SessionKey: Session] = [:]
    private var currentStart = Int.min
    let horizon: Int

    init(horizon: Int) {
        self.horizon = horizon
    }

    /// Stores `session` and returns the copy it replaces, if any.
    mutating func replace(with session: Session) -> Session? {
        let key = SessionKey(source: session.source, sessionID: session.sessionID)
        if currentStart == Int.min { currentStart = session.timestamp }
        if session.timestamp - currentStart > horizon {
            previous = current
            current = Dictionary(minimumCapacity: previous.count)
            currentStart = session.timestamp
        }
        if let old = current.updateValue(session, forKey: key) { return old }
        return previous.isEmpty ? nil : previous[key]
    }
}
