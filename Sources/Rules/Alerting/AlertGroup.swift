/// Which group an alert is about: the values of the rule's `group_by` fields, with display names.
public struct AlertGroup: Sendable, Hashable, Codable, CustomStringConvertible {
    /// One field and its value.
    public struct Label: Sendable, Hashable, Codable {
        /// The field.
        public var field: SessionField
        /// Its value.
        public var value: String

        /// Creates a label.
        public init(field: SessionField, value: String) {
            self.field = field
            self.value = value
        }
    }

    /// The `group_by` fields and values, in the rule's order; empty for a rule without groups.
    public var labels: [Label]
    /// Display names for label values (`AgentGroupName` for `AgentGroupId`), from the most recent
    /// session of the group.
    public var display: [Label]

    /// Creates an alert group.
    public init(labels: [Label] = [], display: [Label] = []) {
        self.labels = labels
        self.display = display
    }

    /// The value of `field` among the labels and display names, if present.
    public func value(of field: SessionField) -> String? {
        labels.first { $0.field == field }?.value ?? display.first { $0.field == field }?.value
    }

    /// `AgentGroupId=g1 (Sales)`, or `all` for a rule without groups.
    public var description: String {
        guard !labels.isEmpty else { return "all" }
        return labels.map { label in
            let name = label.field.displayField.flatMap { field in display.first { $0.field == field && !$0.value.isEmpty }?.value }
            return name.map { "\(label.field.rawValue)=\(label.value) (\($0))" } ?? "\(label.field.rawValue)=\(label.value)"
        }.joined(separator: ", ")
    }
}
