import Foundation
import Notify

/// The status page: one self-contained HTML document (inline CSS and SVG, no script, no outside
/// asset) with what is firing and pending, every rule's value against its threshold per group with
/// a 24-hour sparkline, recent alert events, source health, dead letters and the last reload error.
/// Every value is HTML-escaped: names from the API cannot inject markup.
public enum StatusPage {
    public static func render(_ snapshot: StatusSnapshot) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="30">
            <title>deskwatch: \(snapshot.alerts.filter { $0.state == "firing" }.count) firing</title>
            <style>\(css)</style></head><body>
            <header><h1>deskwatch</h1><span class="meta">\(e(TimeText.utc(snapshot.now))) · version \(e(snapshot.version)) · up \(e(TimeText.duration(snapshot.now - snapshot.startedAt))) · outbox \(snapshot.outboxDepth)</span></header>

            """
        if let error = snapshot.reloadError {
            html += "<section class=\"error\"><h2>Last reload failed: the previous rules keep running</h2><pre>\(e(error))</pre></section>\n"
        }
        html += alertsSection(snapshot)
        html += rulesSection(snapshot)
        html += sourcesSection(snapshot)
        html += transitionsSection(snapshot)
        if !snapshot.deadLetters.isEmpty { html += deadLettersSection(snapshot) }
        html += "<footer>JSON: <a href=\"api/v1/alerts\">alerts</a> · <a href=\"api/v1/rules\">rules</a> · "
        html += "<a href=\"api/v1/sources\">sources</a> · <a href=\"api/v1/silences\">silences</a> · <a href=\"metrics\">metrics</a></footer>\n"
        html += "</body></html>\n"
        return html
    }

    private static func alertsSection(_ snapshot: StatusSnapshot) -> String {
        guard !snapshot.alerts.isEmpty else {
            return "<section><h2>Alerts</h2><p class=\"ok\">Nothing firing or pending.</p></section>\n"
        }
        var html = "<section><h2>Alerts</h2><table><tr><th>state</th><th>rule</th><th>group</th><th>value</th><th>threshold</th><th>since</th></tr>\n"
        for alert in snapshot.alerts {
            let since = alert.firedAt ?? alert.activeSince
            html +=
                "<tr class=\"\(e(alert.state)) \(e(alert.severity))\"><td><span class=\"badge\">\(e(alert.state)) · \(e(alert.severity))</span></td>"
            html += "<td>\(e(alert.rule))</td><td>\(e(alert.group))</td><td class=\"num\">\(e(alert.value))</td><td>\(e(alert.threshold))</td>"
            html += "<td>\(since.map { e(TimeText.utc($0)) + " (" + e(TimeText.duration(snapshot.now - $0)) + ")" } ?? "")</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    private static func rulesSection(_ snapshot: StatusSnapshot) -> String {
        var html = "<section><h2>Rules</h2><table><tr><th>rule</th><th>24 h</th><th>group</th><th>state</th><th>value</th><th>threshold</th></tr>\n"
        for rule in snapshot.rules {
            let groups = rule.groups.isEmpty ? [nil] : rule.groups.map(Optional.some)
            for (index, group) in groups.enumerated() {
                html += "<tr class=\"\(e(group?.state ?? "inactive"))\">"
                if index == 0 {
                    let span = groups.count > 1 ? " rowspan=\"\(groups.count)\"" : ""
                    html += "<td\(span)><b>\(e(rule.name))</b> <span class=\"sev \(e(rule.severity))\">\(e(rule.severity))</span>"
                    html += "<br><span class=\"meta\">\(e(rule.description))</span></td><td\(span)>\(sparkline(rule.history))</td>"
                }
                if let group {
                    html += "<td>\(e(group.group.isEmpty ? "(all)" : group.group))</td><td>\(e(group.state))</td>"
                    html += "<td class=\"num\">\(e(group.value))</td><td>\(e(group.threshold))</td></tr>\n"
                } else {
                    html += "<td colspan=\"4\" class=\"meta\">no sessions in its window yet</td></tr>\n"
                }
            }
        }
        return html + "</table></section>\n"
    }

    private static func sourcesSection(_ snapshot: StatusSnapshot) -> String {
        var html = "<section><h2>Sources</h2><table><tr><th>source</th><th>last poll</th><th>lag</th><th>polls (failed)</th>"
        html += "<th>records new / updated</th><th>last error</th></tr>\n"
        for source in snapshot.sources {
            let failing = source.lastError != nil && (source.lastErrorAt ?? 0) >= (source.lastSuccessfulPoll ?? 0)
            html += "<tr class=\"\(failing ? "firing" : "")\"><td>\(e(source.name))</td>"
            html += "<td>\(source.lastSuccessfulPoll.map { e(TimeText.utc($0)) } ?? "never")</td>"
            html += "<td class=\"num\">\(source.lagSeconds.map { e(TimeText.duration($0)) } ?? "n/a")</td>"
            html +=
                "<td class=\"num\">\(source.polls) (\(source.failedPolls))</td><td class=\"num\">\(source.recordsNew) / \(source.recordsUpdated)</td>"
            html += "<td>\(source.lastError.map { e($0) } ?? "")</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    private static func transitionsSection(_ snapshot: StatusSnapshot) -> String {
        guard !snapshot.transitions.isEmpty else { return "<section><h2>Recent alert events</h2><p>None in the last 24 hours.</p></section>\n" }
        var html =
            "<section><h2>Recent alert events</h2><table><tr><th>time</th><th>rule</th><th>group</th><th>event</th><th>value</th><th>threshold</th></tr>\n"
        for transition in snapshot.transitions {
            html += "<tr class=\"\(e(transition.state))\"><td>\(e(TimeText.utc(transition.at)))</td><td>\(e(transition.rule))</td>"
            html += "<td>\(e(transition.group))</td><td>\(e(transition.event))</td><td class=\"num\">\(e(transition.value))</td>"
            html += "<td>\(e(transition.threshold))</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    private static func deadLettersSection(_ snapshot: StatusSnapshot) -> String {
        var html = "<section><h2>Dead letters</h2><table><tr><th>receiver</th><th>written</th><th>given up</th><th>attempts</th><th>error</th></tr>\n"
        for letter in snapshot.deadLetters {
            html += "<tr class=\"firing\"><td>\(e(letter.receiver))</td><td>\(e(TimeText.utc(letter.createdAt)))</td>"
            html +=
                "<td>\(letter.finishedAt.map { e(TimeText.utc($0)) } ?? "")</td><td class=\"num\">\(letter.attempts)</td><td>\(e(letter.error))</td></tr>\n"
        }
        return html + "</table></section>\n"
    }

    /// An inline SVG line of `values` (gaps where there is no value), 144×28 pixels.
    static func sparkline(_ values: [Double?]) -> String {
        let known = values.compactMap { $0 }
        guard let low = known.min(), let high = known.max(), values.count > 1 else {
            return "<svg class=\"spark\" width=\"144\" height=\"28\" role=\"img\" aria-label=\"no values yet\"></svg>"
        }
        let span = high - low
        let width = 144.0
        let height = 28.0
        var segments: [[String]] = [[]]
        for (index, value) in values.enumerated() {
            guard let value else {
                if !(segments.last?.isEmpty ?? true) { segments.append([]) }
                continue
            }
            let x = Double(index) / Double(values.count - 1) * width
            let y = span > 0 ? height - 2 - (value - low) / span * (height - 4) : height / 2
            segments[segments.count - 1].append(String(format: "%.1f,%.1f", x, y))
        }
        let lines = segments.filter { !$0.isEmpty }.map { points in
            points.count == 1
                ? "<circle cx=\"\(points[0].split(separator: ",")[0])\" cy=\"\(points[0].split(separator: ",")[1])\" r=\"1.5\"/>"
                : "<polyline points=\"\(points.joined(separator: " "))\"/>"
        }
        let label = "from \(format(low)) to \(format(high)) over 24 hours"
        return "<svg class=\"spark\" width=\"144\" height=\"28\" viewBox=\"0 0 144 28\" role=\"img\" aria-label=\"\(e(label))\">"
            + lines.joined() + "</svg>"
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.3g", value)
    }

    /// HTML-escaped text.
    static func e(_ text: String) -> String { Escape.emailHTML(UntrustedText(text), cap: 2000) }

    static let css = """
        body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:12px 20px;color:#1d2330;background:#f7f8fa}
        header{display:flex;gap:16px;align-items:baseline;flex-wrap:wrap}h1{font-size:22px;margin:8px 0}h2{font-size:16px;margin:18px 0 6px}
        .meta{color:#667085;font-size:12px}table{border-collapse:collapse;width:100%;background:#fff;box-shadow:0 1px 2px #0001}
        th,td{padding:5px 8px;border-bottom:1px solid #e4e7ec;text-align:left;vertical-align:top}th{background:#eef1f5;font-weight:600;font-size:12px}
        td.num{text-align:right;font-variant-numeric:tabular-nums}tr.firing td{background:#fdecec}tr.pending td{background:#fff6e0}
        .badge,.sev{border-radius:3px;padding:1px 6px;font-size:12px;background:#e4e7ec}tr.firing .badge{background:#d92d20;color:#fff}
        tr.pending .badge{background:#f79009;color:#fff}.sev.critical{background:#fee4e2;color:#b42318}.sev.warning{background:#fef0c7;color:#b54708}
        .sev.info{background:#d1e9ff;color:#175cd3}.ok{color:#067647;font-weight:600}.error{background:#fdecec;border:1px solid #f04438;padding:6px 12px}
        .error pre{white-space:pre-wrap;margin:0}svg.spark polyline{fill:none;stroke:#2e90fa;stroke-width:1.5}svg.spark circle{fill:#2e90fa}
        footer{margin:20px 0;color:#667085;font-size:12px}a{color:#175cd3}
        """
}
