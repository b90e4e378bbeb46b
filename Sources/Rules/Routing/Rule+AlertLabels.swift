extension Rule {
    /// The label that holds the rule's name.
    public static let alertNameLabel = "alertname"
    /// The label that holds the rule's severity.
    public static let severityLabel = "severity"

    /// The labels of this rule's alert for `group`, which routes, silences and inhibition match
    /// on: the rule's `labels:`, the group's `group_by` fields and values (`AgentGroupId`), the
    /// rule's name as `alertname` and its severity as `severity`.
    ///
    /// When names collide, `alertname` and `severity` win over the rest, and the group's values
    /// win over the rule's `labels:`: a rule cannot disguise which alert it is.
    public func alertLabels(for group: AlertGroup) -> [String: String] {
        var result = labels
        for label in group.labels { result[label.field.rawValue] = label.value }
        result[Self.alertNameLabel] = name
        result[Self.severityLabel] = severity.rawValue
        return result
    }
}
