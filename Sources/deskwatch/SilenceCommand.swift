import ArgumentParser
import Foundation
import Monitor
import Rules
import Store

/// `deskwatch silence add | list | expire`: silences in the state database.
struct SilenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "silence",
        abstract: "Add, list and expire silences: alerts they match are recorded but not sent.",
        discussion: """
            A silence holds matchers such as AgentGroupId=3070, severity!=info, alertname=~abandon.* \
            or AgentGroupId!~30.* (regular expressions match the whole value); an alert is silenced \
            while every matcher matches its labels: its rule's `labels:`, its group's fields \
            (AgentGroupId), alertname (the rule's name) and severity. The resolve of an alert whose \
            firing was sent still goes out. Silences live in the state database named by `state:`.
            """,
        subcommands: [Add.self, List.self, Expire.self]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a silence and print its id.",
            discussion: """
                TIME is Unix seconds, ISO 8601 (2026-11-24T08:00:00+08:00 or 2026-11-24), now, now+2h or \
                now-10m. The silence lasts from --from (default now) for --duration, or until --until.
                """
        )

        @Option(help: "Configuration file (its `state:` names the database).") var config: String
        @Option(help: "A matcher: name=value, name!=value, name=~regex or name!~regex (repeatable; all must match).")
        var matcher: [String] = []
        @Option(help: "How long it lasts from --from, e.g. 2h, 30m, 1d.") var duration: String?
        @Option(help: "When it ends.") var until: TimeArgument?
        @Option(help: "When it starts (default: now).") var from: TimeArgument?
        @Option(help: "Who adds it.") var author: String
        @Option(help: "Why.") var comment: String

        func validate() throws {
            guard !matcher.isEmpty else { throw ValidationError("name what to silence with --matcher, e.g. --matcher AgentGroupId=3070") }
            guard (duration == nil) != (until == nil) else { throw ValidationError("give either --duration or --until") }
        }

        func run() throws {
            var err = StandardError()
            let matchers = try matcher.map { text in
                let matcher: LabelMatcher
                do {
                    matcher = try LabelMatcher(parsing: text)
                } catch {
                    throw CommandFailure(message: "--matcher `\(text)`: \(error)")
                }
                for finding in MatcherLint.findings(for: matcher) {
                    guard !finding.isError else { throw CommandFailure(message: "--matcher `\(text)`: \(finding)") }
                    print("warning: --matcher `\(text)`: \(finding)", to: &err)
                }
                return matcher
            }
            let now = Int(Date().timeIntervalSince1970)
            let start = from?.unixSeconds ?? now
            let end: Int
            if let duration {
                guard let seconds = TimeArgument.parseDuration(duration) else {
                    throw CommandFailure(message: "--duration \(duration) is not a duration such as 2h, 30m or 1d")
                }
                end = start + seconds
            } else {
                end = until?.unixSeconds ?? start
            }
            let store = try CommandConfig.openStore(try CommandConfig.load(config))
            let silence: Silence
            do {
                silence = try store.addSilence(matchers: matchers, startsAt: start, endsAt: end, createdBy: author, comment: comment, now: now)
            } catch {
                throw CommandFailure(message: "\(error)")
            }
            print(silence.id)
            print(
                "silenced \(silence.matchers.map(\.description).joined(separator: ", ")) from \(ProgressLine.format(start)) until \(ProgressLine.format(end))",
                to: &err)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the active and pending silences (with --all, expired ones too).")

        @Option(help: "Configuration file (its `state:` names the database).") var config: String
        @Flag(help: "Include silences that ended or were expired.") var all = false

        func run() throws {
            let store = try CommandConfig.openStore(try CommandConfig.load(config))
            let now = Int(Date().timeIntervalSince1970)
            let silences: [Silence]
            do {
                silences = try store.silences(at: now, all: all)
            } catch {
                throw CommandFailure(message: "\(error)")
            }
            guard !silences.isEmpty else {
                print(all ? "no silences" : "no active or pending silences")
                return
            }
            print(SilenceTable.render(silences, at: now), terminator: "")
        }
    }

    struct Expire: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "End a silence now.")

        @Argument(help: "The silence's id, as `deskwatch silence list` shows it.") var id: String
        @Option(help: "Configuration file (its `state:` names the database).") var config: String

        func run() throws {
            let store = try CommandConfig.openStore(try CommandConfig.load(config))
            do {
                try store.expireSilence(id: id, at: Int(Date().timeIntervalSince1970))
            } catch {
                throw CommandFailure(message: "\(error)")
            }
            print("expired silence \(id)")
        }
    }
}

/// Silences as an aligned table, one per line, with a header.
enum SilenceTable {
    static let header = ["ID", "MATCHERS", "FROM", "UNTIL", "AUTHOR", "COMMENT", "STATE"]

    static func render(_ silences: [Silence], at now: Int) -> String {
        let rows =
            [header]
            + silences.map { silence in
                [
                    silence.id, silence.matchers.map(\.description).joined(separator: ", "), ProgressLine.format(silence.startsAt),
                    ProgressLine.format(silence.effectiveEnd), printable(silence.createdBy), printable(silence.comment),
                    silence.state(at: now).rawValue,
                ]
            }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, text in
                column == row.count - 1 ? text : text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// `text` on one line, with control characters (line breaks, terminal escapes) shown as spaces.
    static func printable(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
