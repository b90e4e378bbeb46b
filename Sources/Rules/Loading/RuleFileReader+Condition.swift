import ConfigSupport

extension RuleFileReader {
    static let conditionKinds = ["count", "ratio", "spike", "stat", "absent", "each"]
    static let boundKeys = ["above", "at_least", "below", "at_most"]

    /// `condition:` with exactly one kind.
    mutating func condition(_ value: YAMLValue) -> Condition? {
        guard let map = reader.mapping(value) else { return nil }
        reader.rejectUnknownKeys(in: map, known: Self.conditionKinds, context: "condition kind")
        let kind = reader.exclusive(Self.conditionKinds, in: map, hint: "a rule has one condition; write another rule for another one")
        guard let kind, let entry = map.entry(kind) else {
            if map.entries.allSatisfy({ Self.conditionKinds.contains($0.key) }) {
                reader.error("names no condition", key: value.path, at: value.position, hint: "one of \(Self.conditionKinds.joined(separator: ", "))")
            }
            return nil
        }
        let body: YAMLMapping?
        if entry.value.isNull, kind == "absent" || kind == "each" {
            body = nil
        } else {
            guard let mapping = reader.mapping(entry.value) else { return nil }
            body = mapping
        }
        switch kind {
        case "count": return body.flatMap { count($0) }.map { .count($0) }
        case "ratio": return body.flatMap { ratio($0) }.map { .ratio($0) }
        case "spike": return body.flatMap { spike($0) }.map { .spike($0) }
        case "stat": return body.flatMap { stat($0) }.map { .stat($0) }
        case "absent":
            guard let body else { return .absent(AbsentCondition()) }
            reader.rejectUnknownKeys(in: body, known: ["fewer_than"], context: "absent key")
            let fewer = body["fewer_than"].map { wholeNumber($0, atLeast: 1) }
            if let fewer, fewer == nil { return nil }
            return .absent(AbsentCondition(fewerThan: (fewer ?? 1) ?? 1))
        default:
            guard let body else { return .each(EachCondition()) }
            reader.rejectUnknownKeys(in: body, known: ["max_listed"], context: "each key")
            let listed = body["max_listed"].map { wholeNumber($0, atLeast: 1) }
            if let listed, listed == nil { return nil }
            return .each(EachCondition(maxListed: (listed ?? 20) ?? 20))
        }
    }

    /// The one threshold key of a condition (`above`, `at_least`, `below`, `at_most`).
    private mutating func bound(in map: YAMLMapping, share: Bool, required: Bool = true) -> (Bound, YAMLValue)? {
        let hint = "a condition has one threshold"
        guard let key = reader.exclusive(Self.boundKeys, in: map, hint: hint), let value = map[key] else {
            if required {
                reader.error(
                    "needs a threshold", key: map.value.path, at: map.position, hint: "add one of above, at_least, below, at_most")
            }
            return nil
        }
        guard let relation = Bound.Relation(rawValue: key) else { return nil }
        guard let limit = share ? fraction(value) : number(value) else { return nil }
        return (Bound(relation, limit), value)
    }

    private mutating func count(_ map: YAMLMapping) -> CountCondition? {
        reader.rejectUnknownKeys(in: map, known: ["of"] + Self.boundKeys, context: "count key")
        let of = map["of"].map { predicate($0) } ?? .always
        guard let (bound, value) = bound(in: map, share: false) else { return nil }
        if !bound.relation.isUpper, bound.limit <= 0, !(bound.relation == .atMost && bound.limit == 0) {
            reader.error(
                "a count is never \(bound)", key: value.path, at: value.position, hint: "to alert when nothing arrives use `absent`")
            return nil
        }
        if bound.relation == .atLeast && bound.limit <= 0 || bound.relation == .above && bound.limit < 0 {
            reader.warning(
                "every count is \(bound), so the rule always holds", key: value.path, at: value.position, hint: "for one or more write at_least: 1")
        }
        guard let of else { return nil }
        return CountCondition(of: of, bound: bound)
    }

    private mutating func ratio(_ map: YAMLMapping) -> RatioCondition? {
        reader.rejectUnknownKeys(in: map, known: ["of", "min_total", "min_matches", "confidence"] + Self.boundKeys, context: "ratio key")
        let ofValue = reader.required("of", in: map)
        let of = ofValue.flatMap { predicate($0) }
        let minTotal = map["min_total"].map { wholeNumber($0, atLeast: 1) } ?? 1
        let minMatches = map["min_matches"].map { wholeNumber($0, atLeast: 0) } ?? 0
        var confidence: Double?
        if let value = map["confidence"] {
            if let level = fraction(value) {
                if level < 0.5 || level >= 1 {
                    reader.error("confidence must be at least 50% and below 100%", key: value.path, at: value.position, hint: "95% is usual")
                } else {
                    confidence = level
                }
            }
        }
        let read = bound(in: map, share: true)
        guard let (bound, boundValue) = read else { return nil }
        if bound.relation == .above && bound.limit >= 1 || bound.relation == .below && bound.limit <= 0 {
            reader.error(
                "a share is never \(bound.relation.symbol) \(NumberText.percent(bound.limit))", key: boundValue.path, at: boundValue.position)
            return nil
        }
        if bound.relation == .atLeast && bound.limit <= 0 || bound.relation == .atMost && bound.limit >= 1 {
            reader.warning(
                "every share is \(bound.relation.symbol) \(NumberText.percent(bound.limit)), so the rule always holds", key: boundValue.path,
                at: boundValue.position)
        }
        if let minTotal, let minMatches, minMatches > minTotal, map["min_total"] != nil, let value = map["min_matches"] {
            reader.error(
                "min_matches (\(minMatches)) is larger than min_total (\(minTotal))", key: value.path, at: value.position,
                hint: "min_matches counts matching sessions among at least min_total; it cannot exceed it")
            return nil
        }
        if let minMatches, minMatches > 0, !bound.relation.isUpper, let value = map["min_matches"] {
            reader.warning(
                "min_matches with a lower bound keeps the alert from firing when there are few matches", key: value.path,
                at: value.position, hint: "use min_total to require enough sessions")
        }
        guard let of, let minTotal, let minMatches else { return nil }
        return RatioCondition(of: of, bound: bound, minTotal: minTotal, minMatches: minMatches, confidence: confidence)
    }

    private mutating func comparison(_ map: YAMLMapping) -> (reference: Reference?, factor: Double?, direction: Direction?) {
        let reference = map["compared_to"].flatMap { reader.choice($0, of: Reference.self, named: "reference window") }
        var factor: Double?
        if let value = map["factor"], let number = number(value) {
            if number <= 1 {
                reader.error(
                    "factor must be above 1", key: value.path, at: value.position,
                    hint: "2 means twice as many (up) or half as many (down)")
            } else {
                factor = number
            }
        }
        let direction = map["direction"].flatMap { reader.choice($0, of: Direction.self, named: "direction") }
        return (reference, factor, direction)
    }

    private mutating func spike(_ map: YAMLMapping) -> SpikeCondition? {
        let keys = ["of", "compared_to", "factor", "direction", "min_current", "min_reference"]
        reader.rejectUnknownKeys(in: map, known: keys, context: "spike key")
        let errorsBefore = reader.diagnostics.count(where: \.isError)
        let of = map["of"].map { predicate($0) } ?? .always
        _ = reader.required("factor", in: map)
        let (reference, factor, direction) = comparison(map)
        let minCurrent = map["min_current"].map { wholeNumber($0) } ?? 0
        let minReference = map["min_reference"].map { wholeNumber($0) } ?? 0
        guard reader.diagnostics.count(where: \.isError) == errorsBefore, let of, let factor, let minCurrent, let minReference else { return nil }
        return SpikeCondition(
            of: of, reference: reference ?? .previousWindow, factor: factor, direction: direction ?? .up, minCurrent: minCurrent,
            minReference: minReference)
    }

    private mutating func stat(_ map: YAMLMapping) -> StatCondition? {
        let keys = ["field", "statistic", "compared_to", "factor", "direction", "min_sample"] + Self.boundKeys
        reader.rejectUnknownKeys(in: map, known: keys, context: "stat key")
        let errorsBefore = reader.diagnostics.count(where: \.isError)
        var field: SessionField?
        if let value = reader.required("field", in: map), let named = self.field(value) {
            if named == .duration || named == .satisfaction {
                field = named
            } else {
                reader.error(
                    "`stat` works on Duration or SatisfactionSelected, not `\(named.rawValue)`", key: value.path, at: value.position,
                    hint: named.isNumeric ? nil : "to count sessions by \(named.rawValue) use count or ratio")
            }
        }
        var statistic: Statistic?
        if let value = reader.required("statistic", in: map), let name = text(value) {
            statistic = Statistic(text: name)
            if statistic == nil {
                let names = ["mean", "median", "min", "max", "p90", "p95", "p99"]
                let hint = Suggestion.didYouMean(name, among: names) ?? "write mean, median, min, max or a percentile such as p90"
                reader.error("unknown statistic \(YAMLReader.quoted(name))", key: value.path, at: value.position, hint: hint)
            }
        }
        let minSample = map["min_sample"].map { wholeNumber($0, atLeast: 1) } ?? 1
        let (reference, factor, direction) = comparison(map)
        let read = bound(in: map, share: false, required: reference == nil)
        if reference != nil, read != nil, let value = Self.boundKeys.compactMap({ map.entry($0) }).first {
            reader.error(
                "a compared stat takes a factor, not a threshold", key: value.value.path, at: value.keyPosition,
                hint: "remove \(value.key) or compared_to")
        }
        if reference != nil, factor == nil, map["factor"] == nil {
            reader.error("required key is missing", key: map.value.path(of: "factor"), at: map.position, hint: "for example factor: 1.5")
        }
        if reference == nil, let value = map["factor"] ?? map["direction"] {
            reader.error("factor and direction need compared_to", key: value.path, at: value.position, hint: "compared_to: last_week")
        }
        if let (bound, value) = read, reference == nil, field == .satisfaction {
            let met = stride(from: 1.0, through: 5.0, by: 0.01).contains { bound.isMet(by: $0) }
            if !met {
                reader.error(
                    "ratings run from 1 to 5; a \(statistic?.description ?? "statistic") is never \(bound)", key: value.path, at: value.position)
            }
        }
        if let (bound, value) = read, reference == nil, field == .duration, !bound.relation.isUpper, bound.limit <= 0 {
            reader.error("a duration is never \(bound)", key: value.path, at: value.position)
        }
        guard reader.diagnostics.count(where: \.isError) == errorsBefore, let field, let statistic, let minSample else { return nil }
        return StatCondition(
            field: field, statistic: statistic, bound: reference == nil ? read?.0 : nil, reference: reference, factor: factor ?? 1,
            direction: direction ?? .up, minSample: minSample)
    }
}
