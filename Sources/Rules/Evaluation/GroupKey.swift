/// The values of a rule's `group_by` fields for one session, without allocating for up to three
/// fields.
struct GroupKey: Hashable, Sendable {
    var first: String = ""
    var second: String = ""
    var third: String = ""
    var rest: [String] = []

    init(_ session: Session, fields: [SessionField]) {
        let count = fields.count
        if count > 0 { first = session.text(fields[0]) }
        if count > 1 { second = session.text(fields[1]) }
        if count > 2 { third = session.text(fields[2]) }
        if count > 3 { rest = fields[3...].map { session.text($0) } }
    }

    init(values: [String]) {
        if values.count > 0 { first = values[0] }
        if values.count > 1 { second = values[1] }
        if values.count > 2 { third = values[2] }
        if values.count > 3 { rest = Array(values[3...]) }
    }

    func values(count: Int) -> [String] {
        Array(([first, second, third] + rest).prefix(count))
    }
}
