/// The alert of one rule for one group: inactive → pending (`for`) → firing → resolved (after
/// `keep_firing_for`) → inactive again.
///
/// A value type that takes the evaluation time and returns the event to act on, so it can be
/// stored, restored after a restart, and tested without a clock. Persisting it keeps a restart from
/// re-announcing an alert: ``lastNotifiedAt`` says when it was last announced.
public struct AlertState: Sendable, Hashable, Codable {
    /// Where the alert is.
    public enum Status: String, Sendable, Hashable, Codable {
        case inactive
        case pending
        case firing
    }

    /// Where the alert is.
    public var status: Status = .inactive
    /// When the condition started holding (pending and firing).
    public var activeSince: Int?
    /// When the alert fired.
    public var firedAt: Int?
    /// The last evaluation at which the condition held.
    public var lastHeldAt: Int?
    /// When receivers were last told (firing or repeated).
    public var lastNotifiedAt: Int?
    /// When the alert last resolved.
    public var resolvedAt: Int?

    /// Creates an inactive alert.
    public init() {}

    /// Moves the state for an evaluation at `now` where the condition `holds` or not; returns the
    /// event, if any.
    ///
    /// - The condition must hold at evaluations spanning at least `pendingFor` (from the first
    ///   holding evaluation) before the alert fires; with `pendingFor` 0 it fires at once.
    /// - A firing alert resolves at the first evaluation at least `keepFiringFor` after the last
    ///   evaluation at which the condition held.
    /// - A firing alert is announced again when `repeatEvery` has passed since the last message.
    public mutating func step(holds: Bool, at now: Int, timing: AlertTiming) -> AlertEvent? {
        switch status {
        case .inactive:
            guard holds else { return nil }
            activeSince = now
            lastHeldAt = now
            if timing.pendingFor <= 0 { return fire(at: now) }
            status = .pending
            return .pending
        case .pending:
            guard holds else {
                reset()
                return .cancelled
            }
            lastHeldAt = now
            if now - (activeSince ?? now) >= timing.pendingFor { return fire(at: now) }
            return nil
        case .firing:
            if holds {
                lastHeldAt = now
            } else if now - (lastHeldAt ?? now) >= timing.keepFiringFor {
                return resolve(at: now)
            }
            if let every = timing.repeatEvery, now - (lastNotifiedAt ?? now) >= every {
                lastNotifiedAt = now
                return .repeated
            }
            return nil
        }
    }

    /// Ends the alert now whatever the condition (the rule's schedule ended): a firing alert
    /// resolves, a pending one is cancelled.
    public mutating func end(at now: Int) -> AlertEvent? {
        switch status {
        case .inactive: return nil
        case .pending:
            reset()
            return .cancelled
        case .firing: return resolve(at: now)
        }
    }

    private mutating func fire(at now: Int) -> AlertEvent {
        status = .firing
        firedAt = now
        lastNotifiedAt = now
        return .firing
    }

    private mutating func resolve(at now: Int) -> AlertEvent {
        reset()
        resolvedAt = now
        return .resolved
    }

    private mutating func reset() {
        status = .inactive
        activeSince = nil
        firedAt = nil
        lastHeldAt = nil
        lastNotifiedAt = nil
    }
}
