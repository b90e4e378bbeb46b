/// A ``Predicate`` prepared for matching many sessions: values parsed once, regular expressions
/// compiled once, no existentials.
struct PredicateProgram: Sendable {
    enum Node: Sendable {
        case always
        case textEquals(SessionField, String)
        case numberEquals(SessionField, Int)
        case textIn(SessionField, [String])
        case numberIn(SessionField, [Int])
        case compare(SessionField, Bound)
        case regex(SessionField, RegexMatcher)
        case exists(SessionField, Bool)
        /// `EndStatus` has a ``StatusCode`` whose bit is set (bit 0: a value that is not documented).
        case statusIn(UInt32)
        case all([Node])
        case any([Node])
        indirect case not(Node)
    }

    let root: Node
    /// For a predicate on `EndStatus` alone (or none): the bits of the codes it accepts, so that
    /// matching is one bit test; 0 for any other predicate.
    let statusMask: UInt32

    init(_ predicate: Predicate) {
        root = Self.compile(predicate)
        switch root {
        case .always: statusMask = Self.allStatusBits
        case .statusIn(let mask): statusMask = mask
        default: statusMask = 0
        }
    }

    var isAlways: Bool {
        if case .always = root { return true }
        return false
    }

    /// The bits of every ``StatusCode``, 0 (not documented) included.
    static let allStatusBits: UInt32 = (1 << UInt32(KnownEndStatus.values.count + 1)) - 1

    private static func compile(_ predicate: Predicate) -> Node {
        switch predicate {
        case .always: return .always
        case .equals(.endStatus, let text):
            if let bit = StatusCode.bit(of: text) { return .statusIn(bit) }
            return .textEquals(.endStatus, text)
        case .oneOf(.endStatus, let texts):
            let bits = texts.compactMap(StatusCode.bit(of:))
            if bits.count == texts.count { return .statusIn(bits.reduce(0, |)) }
            return .textIn(.endStatus, texts)
        case .equals(let field, let text):
            if field.isNumeric { return Int(text).map { .numberEquals(field, $0) } ?? .not(.always) }
            return .textEquals(field, text)
        case .oneOf(let field, let texts):
            if field.isNumeric { return .numberIn(field, texts.compactMap { Int($0) }) }
            return .textIn(field, texts)
        case .noneOf(let field, let texts):
            return .not(compile(.oneOf(field, texts)))
        case .compare(let field, let bound): return .compare(field, bound)
        case .matches(let field, let pattern):
            guard let matcher = RegexMatcher(pattern) else { return .not(.always) }
            return .regex(field, matcher)
        case .exists(let field, let flag): return .exists(field, flag)
        case .all(let parts): return .all(parts.map(compile))
        case .any(let parts): return .any(parts.map(compile))
        case .not(let part):
            let inner = compile(part)
            if case .statusIn(let mask) = inner { return .statusIn(~mask & Self.allStatusBits) }
            return .not(inner)
        }
    }

    /// Whether `session` matches; `status` is ``StatusCode/code(of:)`` of its `EndStatus`.
    @inline(__always)
    func matches(_ session: Session, status: Int) -> Bool {
        if statusMask != 0 { return statusMask & (1 << UInt32(status)) != 0 }
        // The common single tests on a number, without the call into the tree walk.
        switch root {
        case .compare(let field, let bound):
            guard let value = session.number(field) else { return false }
            return bound.isMet(by: Double(value))
        case .numberEquals(let field, let number): return session.number(field) == number
        case .exists(let field, let flag) where field.isNumeric: return (session.number(field) != nil) == flag
        default: return Self.evaluate(root, session, status)
        }
    }

    private static func evaluate(_ node: Node, _ session: Session, _ status: Int) -> Bool {
        switch node {
        case .statusIn(let mask): return mask & (1 << UInt32(status)) != 0
        case .always: return true
        case .textEquals(let field, let text): return session.text(field, equals: text)
        case .numberEquals(let field, let number): return session.number(field) == number
        case .textIn(let field, let texts):
            for text in texts where session.text(field, equals: text) { return true }
            return false
        case .numberIn(let field, let numbers):
            guard let value = session.number(field) else { return false }
            return numbers.contains(value)
        case .compare(let field, let bound):
            guard let value = session.number(field) else { return false }
            return bound.isMet(by: Double(value))
        case .regex(let field, let matcher): return matcher.matches(session.text(field))
        case .exists(let field, let flag):
            let present = field.isNumeric ? session.number(field) != nil : !session.text(field).isEmpty
            return present == flag
        case .all(let parts):
            for part in parts where !evaluate(part, session, status) { return false }
            return true
        case .any(let parts):
            for part in parts where evaluate(part, session, status) { return true }
            return false
        case .not(let part): return !evaluate(part, session, status)
        }
    }
}
