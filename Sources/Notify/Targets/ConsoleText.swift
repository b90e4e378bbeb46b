import Rules

/// A message as a terminal shows it: a header line, the body lines indented below it, and a blank
/// line after. Outside text is cleaned of control characters (terminal escapes included) and bidi
/// overrides, so a nickname cannot move the cursor or recolour the screen.
public enum ConsoleText {
    /// The lines for `message`; `colour` wraps the header in the ANSI colour of its severity (for
    /// a terminal, not for a log file).
    public static func render(_ message: AlertMessage, colour: Bool = false) -> String {
        let markup = Markup(escape: { Escape.plain($0, cap: $1) }, link: { "\($0): \($1)" })
        let detail = Detail(alerts: message.alerts.count, samples: Detail.maximumSamples)
        var header = "[\(receiverLabel(message))] " + MessageText.summaryLine(message, markup: markup)
        if colour { header = "\u{1B}[\(ansi(message))m\(header)\u{1B}[0m" }
        let body = MessageText.bodyLines(message, markup: markup, detail: detail).map { "    " + $0 }
        return ([header] + body).joined(separator: "\n") + "\n\n"
    }

    private static func receiverLabel(_ message: AlertMessage) -> String {
        Escape.plain(UntrustedText(message.receiver), cap: 60)
    }

    /// Bold green once resolved; bold red, yellow or blue by severity.
    private static func ansi(_ message: AlertMessage) -> String {
        if message.status == .resolved { return "1;32" }
        switch message.severity {
        case .critical: return "1;31"
        case .warning: return "1;33"
        case .info: return "1;34"
        }
    }
}
