/// What measuring a group needs from its rule.
struct MeasureContext {
    var condition: Condition
    var window: Int
    var ofIsAlways: Bool
    var coverageStart: Int?
    /// The threshold as text, for conditions where it does not depend on a reference.
    var threshold: String
}
