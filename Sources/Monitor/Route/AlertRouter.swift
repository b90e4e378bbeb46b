import Rules
import Store

/// One entry of `routes:` in `deskwatch.yaml`: alerts whose labels match every matcher also go
/// to these receivers.
public struct Route: Sendable, Hashable {
    /// All must match (`match:`); none matches every alert.
    public var matchers: [LabelMatcher]
    /// Where matching alerts go (`receivers:`).
    public var receivers: [String]
    /// Whether later routes are still looked at when this one matches (`continue:`).
    public var `continue`: Bool

    /// Creates a route.
    public init(matchers: [LabelMatcher], receivers: [String], continue: Bool = false) {
        self.matchers = matchers
        self.receivers = receivers
        self.continue = `continue`
    }
}

/// One entry of `inhibit:` in `deskwatch.yaml`: while an alert matching ``source`` fires, alerts
/// matching ``target`` with the same values of the ``equal`` labels are not sent.
public struct InhibitRule: Sendable, Hashable {
    /// What the inhibiting alert matches (`source:`).
    public var source: [LabelMatcher]
    /// What the inhibited alert matches (`target:`).
    public var target: [LabelMatcher]
    /// Labels whose values must be the same in both (`equal:`); a label missing from both counts
    /// as the same.
    public var equal: [String]

    /// Creates an inhibition rule.
    public init(source: [LabelMatcher], target: [LabelMatcher], equal: [String] = []) {
        self.source = source
        self.target = target
        self.equal = equal
    }

    /// Whether the firing alert `source` inhibits `target`. An alert never inhibits itself, even
    /// when it matches both sides.
    public func inhibits(_ target: [String: String], by source: [String: String]) -> Bool {
        source != target && self.target.matches(target) && self.source.matches(source)
            && equal.allSatisfy { (source[$0] ?? "") == (target[$0] ?? "") }
    }
}

/// Why a notifying transition is not sent.
public enum Muting: Sendable, Hashable, CustomStringConvertible {
    /// A silence matches the alert.
    case silenced(id: String)
    /// A firing alert inhibits it: that alert's `alertname`.
    case inhibited(by: String)

    /// `silence <id>` or `inhibited by <alertname>`, as the history keeps it.
    public var description: String {
        switch self {
        case .silenced(let id): "silence \(id)"
        case .inhibited(let name): "inhibited by \(name)"
        }
    }
}

/// Who gets an alert and whether it is held back: the rule's `notify:` plus the `routes:`, then
/// silences and `inhibit:`. Pure: the caller hands in the labels, the silences, the firing alerts
/// and the time.
public struct AlertRouter: Sendable, Hashable {
    /// `routes:`, in file order.
    public var routes: [Route]
    /// `inhibit:`, in file order.
    public var inhibitRules: [InhibitRule]

    /// Creates a router; without routes and inhibition rules, alerts go to their rule's
    /// `notify:` and only silences hold them back.
    public init(routes: [Route] = [], inhibitRules: [InhibitRule] = []) {
        self.routes = routes
        self.inhibitRules = inhibitRules
    }

    /// The receivers of an alert with these labels: the rule's `notify:` list, then the receivers
    /// of the matching routes in file order, up to and including the first matching route
    /// without `continue`; each receiver once, in the order first named.
    public func receivers(notify: [String], labels: [String: String]) -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        func add(_ names: [String]) {
            for name in names where seen.insert(name).inserted { result.append(name) }
        }
        add(notify)
        for route in routes where route.matchers.matches(labels) {
            add(route.receivers)
            if !route.continue { break }
        }
        return result
    }

    /// Why an alert with these labels is held back at `now`, or `nil` when it is sent: the first
    /// active silence that matches it, else the first firing alert that inhibits it.
    ///
    /// - Parameter firing: The labels of every alert firing now (the alert itself may be among
    ///   them).
    public func muting(_ labels: [String: String], silences: [Silence], firing: [[String: String]], at now: Int) -> Muting? {
        if let silence = silences.first(where: { $0.matches(labels: labels, at: now) }) {
            return .silenced(id: silence.id)
        }
        for rule in inhibitRules where rule.target.matches(labels) {
            if let source = firing.first(where: { rule.inhibits(labels, by: $0) }) {
                return .inhibited(by: source[Rule.alertNameLabel] ?? "an alert")
            }
        }
        return nil
    }
}
