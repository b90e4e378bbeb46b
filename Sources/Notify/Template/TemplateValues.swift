import Mustache

/// The names one rendering looked up: those it found and those it did not (a name missed on an
/// inner object and found further out is found), and transforms that did not apply, as `name()`.
final class TemplateLookups {
    var found: Set<String> = []
    var missed: Set<String> = []
}

/// An object of the context. Members are reached only by name, never through reflection, and
/// the object itself renders as nothing.
struct TemplateObject: MustacheParent, MustacheCustomRenderable {
    let members: [String: Any]
    let lookups: TemplateLookups

    func child(named name: String) -> Any? {
        guard let value = members[name] else {
            lookups.missed.insert(name)
            return nil
        }
        lookups.found.insert(name)
        return value
    }

    var renderText: String { "" }
    var isNull: Bool { false }
}

/// Text that is ready for the target: escaped outside text, or fixed wording. False in a section
/// when empty. Of the transforms only `empty()` applies: changing the case or the order of
/// escaped text could undo its escaping.
struct TemplateText: MustacheParent, MustacheCustomRenderable, MustacheTransformable {
    let text: String
    let lookups: TemplateLookups

    func child(named name: String) -> Any? { nil }

    var renderText: String { text }
    var isNull: Bool { text.isEmpty }

    func transform(_ name: String) -> Any? {
        if name == "empty" { return text.isEmpty }
        lookups.missed.insert(name + "()")
        return nil
    }
}

/// A number. False in a section when zero, so that `{{#moreAlerts}}` shows only when alerts were
/// left out.
struct TemplateCount: MustacheParent, MustacheCustomRenderable, MustacheTransformable {
    let value: Int
    let lookups: TemplateLookups

    func child(named name: String) -> Any? { nil }

    var renderText: String { String(value) }
    var isNull: Bool { value == 0 }

    func transform(_ name: String) -> Any? {
        if let result = value.transform(name) { return result }
        lookups.missed.insert(name + "()")
        return nil
    }
}
