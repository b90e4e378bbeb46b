import Crypto
import Foundation
import Rules

extension AlertMessage {
    /// The message for `receiver` about `transitions` (those that notify; the others are left out),
    /// most severe and still-firing alerts first.
    ///
    /// - Parameters:
    ///   - rules: the rules by name; a rule's `summary` and window make the headline read better,
    ///     and a missing rule falls back to the measurement alone.
    ///   - externalURL: the status page; kept only when it is an absolute `http`/`https` URL.
    public init(receiver: String, transitions: [Transition], rules: [String: Rule] = [:], externalURL: String? = nil) {
        let alerts = transitions.filter(\.notifies).map { Alert($0, rule: rules[$0.rule]) }.sorted { lhs, rhs in
            if lhs.isResolved != rhs.isResolved { return !lhs.isResolved }
            if lhs.severity != rhs.severity { return lhs.severity > rhs.severity }
            return lhs.at < rhs.at
        }
        let status: Status = alerts.allSatisfy(\.isResolved) && !alerts.isEmpty ? .resolved : .firing
        // A firing message is as severe as what still fires, not as a resolve sent with it.
        let open = alerts.filter { !$0.isResolved }
        let severity = (open.isEmpty ? alerts : open).map(\.severity).max() ?? .info
        var title = alerts.first.map { Self.title(of: $0) } ?? UntrustedText("no alerts")
        if alerts.count > 1 { title = title + UntrustedText(" and \(alerts.count - 1) more") }
        let ids = alerts.map(\.id)
        let id = ids.count == 1 ? ids[0] : Self.digest(receiver + "\n" + ids.sorted().joined(separator: "\n"))
        self.init(
            id: id, receiver: receiver, status: status, severity: severity, title: title, alerts: alerts,
            externalURL: externalURL.flatMap(Self.acceptedURL))
    }

    /// `rule · group name` for one alert.
    static func title(of alert: Alert) -> UntrustedText {
        guard let first = alert.display.first else { return alert.rule }
        return alert.rule + UntrustedText(" · ") + first.value
    }

    /// `url` when it is an absolute `http`/`https` URL without whitespace, quotes or markup
    /// characters, so that every target can put it in a link as is.
    static func acceptedURL(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), url.count > 8, url.count <= 2000 else { return nil }
        let forbidden = Set("<>\"'`|()[]{}\\ ")
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }), !url.contains(where: forbidden.contains) else {
            return nil
        }
        return url
    }

    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(16).map { String(format: "%02x", $0) }.joined()
    }
}

extension AlertMessage.Alert {
    /// The alert of `transition`; `rule` refines the headline.
    public init(_ transition: Transition, rule: Rule?) {
        let group = transition.group
        let display = Self.displayLabels(group)
        let since = transition.firedAt ?? transition.at
        let lasted = transition.event == .resolved ? max(transition.at - since, 0) : nil
        self.init(
            id: transition.id, rule: UntrustedText(transition.rule), event: transition.event, severity: transition.severity,
            labels: group.labels, display: display,
            headline: Self.headline(transition, rule: rule, lasted: lasted),
            value: transition.measurement.valueText, threshold: transition.measurement.threshold, since: since, at: transition.at,
            lasted: lasted, sample: transition.sample.map(AlertMessage.SampleLine.init),
            sessionCount: max(transition.sessionCount, transition.sample.count))
    }

    /// How people call a field's value.
    static func displayName(of field: SessionField) -> String {
        switch field {
        case .agentGroupID, .agentGroupName: "Queue"
        case .agentID: "Agent"
        case .source: "Source"
        case .channelType: "Channel"
        case .clientUserID, .clientUserNickName: "Customer"
        case .endStatus: "End status"
        default: field.rawValue
        }
    }

    /// `Queue: Online customer service (g1)` for each label of `group`.
    static func displayLabels(_ group: AlertGroup) -> [AlertMessage.DisplayLabel] {
        group.labels.map { label in
            let name = label.field.displayField.flatMap { field in group.display.first { $0.field == field && !$0.value.isEmpty }?.value }
            let value = name.map { "\($0) (\(label.value))" } ?? label.value
            return AlertMessage.DisplayLabel(name: displayName(of: label.field), value: UntrustedText(value))
        }
    }

    /// The group as a phrase: display names where known, else values; `all chats` without groups.
    static func groupPhrase(_ group: AlertGroup) -> String {
        guard !group.labels.isEmpty else { return "all chats" }
        return group.labels.map { label in
            label.field.displayField.flatMap { field in group.display.first { $0.field == field && !$0.value.isEmpty }?.value } ?? label.value
        }.joined(separator: ", ")
    }

    /// What happened in one line with the numbers; for an alert that fires, followed by the
    /// transition's reason when it has one (an alert announced late, once its mute ended).
    static func headline(_ transition: Transition, rule: Rule?, lasted: Int?) -> UntrustedText {
        let text = measuredHeadline(transition, rule: rule, lasted: lasted)
        guard transition.event != .resolved, let reason = transition.reason else { return text }
        return text + UntrustedText(" — " + reason)
    }

    private static func measuredHeadline(_ transition: Transition, rule: Rule?, lasted: Int?) -> UntrustedText {
        let measurement = transition.measurement
        let group = groupPhrase(transition.group)
        let threshold = measurement.threshold.isEmpty ? "" : "; threshold \(measurement.threshold)"
        if transition.event == .resolved {
            let duration = lasted.map { " after \(TimeText.duration($0))" } ?? ""
            return UntrustedText("Resolved\(duration) in \(group): now \(measurement.valueText)\(threshold)")
        }
        if let rule, !rule.summary.isEmpty {
            let text = Transition.render(rule.summary, values: transition.templateValues(for: rule))
            return UntrustedText(text + threshold)
        }
        let window = rule.map { " in the last \(TimeText.duration($0.window))" } ?? ""
        switch rule?.condition {
        case .ratio?:
            return UntrustedText(
                "\(measurement.matches) of \(measurement.total) chats (\(measurement.valueText)) in \(group) matched\(window)\(threshold)")
        case .each?:
            return UntrustedText("\(max(transition.sessionCount, transition.sample.count)) chats in \(group) matched\(window)")
        default:
            return UntrustedText("\(transition.rule): \(measurement.valueText) in \(group)\(window)\(threshold)")
        }
    }
}
