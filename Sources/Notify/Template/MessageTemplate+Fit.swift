import Foundation

extension MessageTemplate {
    /// The text of `message` at `detail`, with a line `… and N more alerts` (or sessions) for what
    /// the level of detail left out when the template does not say so itself.
    ///
    /// - Throws: ``TemplateError/Kind/emptyOutput`` when the template renders only blank space.
    func text(_ message: AlertMessage, markup: Markup, detail: Detail, now: Int) throws(TemplateError) -> String {
        let context = TemplateContext(message, markup: markup, detail: detail, now: now)
        let text = render(context)
        guard !text.isEmpty else {
            throw TemplateError(templateName: name, kind: .emptyOutput, problem: "the template rendered nothing for message \(message.id)")
        }
        let found = context.lookups.found
        let shown = message.alerts.prefix(max(detail.alerts, 1))
        var notes: [String] = []
        let hiddenAlerts = message.alerts.count - shown.count
        if hiddenAlerts > 0, !found.contains("moreAlerts") {
            notes.append("… and \(hiddenAlerts) more alert\(hiddenAlerts == 1 ? "" : "s")")
        }
        let cutSessions = shown.reduce(0) { $0 + max($1.sample.count - max(detail.samples, 0), 0) }
        if cutSessions > 0, found.contains("sessions"), !found.contains("moreSessions") {
            notes.append("… and \(cutSessions) more session\(cutSessions == 1 ? "" : "s")")
        }
        return ([text] + notes).joined(separator: "\n")
    }

    /// The payload holding the template's text for `message` at the first level of detail whose
    /// payload `fits`. When even the least detail does not fit, the text is cut after its last
    /// line that fits and ends with `… and N more lines` (or, when not even the first line fits,
    /// cut inside it, ending with `… and N more characters`).
    func fit<Payload>(
        _ message: AlertMessage, markup: Markup, now: Int, fits: (Payload) -> Bool, payload: (String) -> Payload
    ) throws(TemplateError) -> Payload {
        var smallest = ""
        for level in Detail.levels(for: message) {
            let text = try text(message, markup: markup, detail: level, now: now)
            let candidate = payload(text)
            if fits(candidate) { return candidate }
            smallest = text
        }
        return payload(Self.cut(smallest, fits: { fits(payload($0)) }))
    }

    /// The payload of a JSON body template for `message` at the first level of detail whose
    /// body `fits`, never cut.
    ///
    /// - Throws: ``TemplateError/Kind/invalidJSON`` when the body does not parse as JSON,
    ///   ``TemplateError/Kind/tooLarge`` when even the least detail does not fit.
    func fitJSON(_ message: AlertMessage, now: Int, fits: (Data) -> Bool) throws(TemplateError) -> Data {
        for level in Detail.levels(for: message) {
            let body = Data(try render(message, markup: .jsonString, detail: level, now: now).utf8)
            do {
                _ = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
            } catch {
                throw TemplateError(
                    templateName: name, kind: .invalidJSON,
                    problem: "the body rendered for message \(message.id) is not valid JSON (\(Self.reason(error)))")
            }
            if fits(body) { return body }
        }
        throw TemplateError(
            templateName: name, kind: .tooLarge, problem: "the body rendered for message \(message.id) is over the limit even with the least detail")
    }

    /// The body of a JSON template at `detail`; blank output is an error.
    private func render(_ message: AlertMessage, markup: Markup, detail: Detail, now: Int) throws(TemplateError) -> String {
        let text = render(TemplateContext(message, markup: markup, detail: detail, now: now))
        guard !text.isEmpty else {
            throw TemplateError(templateName: name, kind: .emptyOutput, problem: "the template rendered nothing for message \(message.id)")
        }
        return text
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
    }

    /// `text` cut so that it `fits`, with a visible marker of what was cut.
    static func cut(_ text: String, fits: (String) -> Bool) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func keeping(_ count: Int) -> String {
            (lines.prefix(count) + ["… and \(lines.count - count) more line\(lines.count - count == 1 ? "" : "s")"]).joined(separator: "\n")
        }
        if let count = largest(in: 1...max(lines.count - 1, 1), where: { $0 < lines.count && fits(keeping($0)) }) { return keeping(count) }
        let first = lines.first ?? ""
        let rest = text.count
        func keepingCharacters(_ count: Int) -> String {
            String(first.prefix(count)) + "… and \(rest - count) more characters"
        }
        let count = largest(in: 0...max(first.count - 1, 0), where: { fits(keepingCharacters($0)) }) ?? 0
        return keepingCharacters(count)
    }

    /// The largest number in `range` for which `holds` (assumed to hold up to some point and not
    /// after it), or `nil` when it holds for none.
    static func largest(in range: ClosedRange<Int>, where holds: (Int) -> Bool) -> Int? {
        var low = range.lowerBound
        var high = range.upperBound
        var best: Int?
        while low <= high {
            let middle = (low + high) / 2
            if holds(middle) {
                best = middle
                low = middle + 1
            } else {
                high = middle - 1
            }
        }
        return best
    }
}
