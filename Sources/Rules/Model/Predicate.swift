/// Which sessions a rule looks at (`where:`) or counts (`of:`), as written in a rule file.
///
/// ```yaml
/// where:
///   EndStatus: {not_in: [ChatbotReception]}
///   Duration: {at_least: 30}
/// ```
public indirect enum Predicate: Sendable, Hashable, Codable {
    /// Every session.
    case always
    /// The field equals the text (numbers compared as numbers).
    case equals(SessionField, String)
    /// The field equals one of the texts.
    case oneOf(SessionField, [String])
    /// The field equals none of the texts.
    case noneOf(SessionField, [String])
    /// A numeric field meets the bound.
    case compare(SessionField, Bound)
    /// The field's text matches the regular expression somewhere (anchor with `^…$`).
    case matches(SessionField, String)
    /// The field has a value (`true`) or is empty / not rated (`false`).
    case exists(SessionField, Bool)
    /// Every part holds.
    case all([Predicate])
    /// At least one part holds.
    case any([Predicate])
    /// The part does not hold.
    case not(Predicate)

    /// The fields the predicate reads.
    public var fields: Set<SessionField> {
        switch self {
        case .always: []
        case .equals(let field, _), .oneOf(let field, _), .noneOf(let field, _), .compare(let field, _), .matches(let field, _),
            .exists(let field, _):
            [field]
        case .all(let parts), .any(let parts): parts.reduce(into: Set<SessionField>()) { $0.formUnion($1.fields) }
        case .not(let part): part.fields
        }
    }
}
