import Foundation
import Notify
import Testing
import Transport

/// Hostile nicknames and names go through every target without injecting a mention, a link,
/// markup or a header, and without breaking the JSON or the size limit.
struct HostileCorpusTests {
    static let statusLink = "https://status.example.com/alerts"

    /// A message whose queue name, agent and session ids are `text`, with a summary that repeats it.
    static func message(_ text: String) -> AlertMessage {
        let transition = Fixtures.firing(queue: text, groupID: text, sessions: 5, agent: text, sessionID: text)
        return Fixtures.message([transition, Fixtures.firing(queue: text + "2", groupID: "g2", agent: text)])
    }

    @Test(arguments: Fixtures.hostile)
    func nothingIsInjectedIntoAnyTarget(_ text: String) throws {
        let message = Self.message(text)
        for (name, target) in Fixtures.targets {
            let request = target.render(message, now: Fixtures.now)
            let body = try #require(request.body)
            // Valid JSON, within the limit.
            let decoded = try JSONSerialization.jsonObject(with: body)
            #expect(try Fixtures.withinLimit(name, request), "\(name) over its limit")
            let strings = JSON.strings(in: decoded)
            // No bidi override, no carriage return, no header line anywhere.
            for string in strings {
                #expect(!string.unicodeScalars.contains(where: TextSanitizer.isBidiControl), "\(name): bidi control")
                #expect(!string.contains("\r"), "\(name): CR")
                #expect(!string.contains("\nBcc:") && !string.contains("\nSubject:"), "\(name): header line")
            }
            try checkMarkup(name, strings: strings, body: decoded)
            #expect(!request.headers.contains { $0.value.contains("\r") || $0.value.contains("\n") }, "\(name): header value")
        }
    }

    @Test(arguments: Fixtures.hostile)
    func emailHeaderValuesStaySingleLineASCII(_ text: String) {
        let header = Escape.emailHeader(UntrustedText("Alert: " + text))
        #expect(!header.contains("\r") && !header.contains("\n"))
        #expect(header.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
        #expect(!Escape.emailHTML(UntrustedText(text)).contains("<"))
    }

    /// The markup rules of each target, on the rendered text with deskwatch's own link removed.
    func checkMarkup(_ name: String, strings: [String], body: Any) throws {
        let link = Self.statusLink
        switch name {
        case "slack":
            for string in strings {
                let text = string.replacingOccurrences(of: "<\(link)|Status page>", with: "")
                #expect(!text.contains("<") && !text.contains(">"), "slack: raw angle bracket in \(text.prefix(80))")
            }
        case "telegram":
            for string in strings {
                var text = string.replacingOccurrences(of: "<a href=\"\(link)\">Status page</a>", with: "")
                text = text.replacingOccurrences(of: "<b>", with: "").replacingOccurrences(of: "</b>", with: "")
                #expect(!text.contains("<") && !text.contains(">"), "telegram: raw tag in \(text.prefix(80))")
            }
        case "discord":
            let mentions = try #require((body as? [String: Any])?["allowed_mentions"] as? [String: Any])
            #expect(mentions["parse"] as? [String] == [])
            for string in strings {
                let text = string.replacingOccurrences(of: "[Status page](\(link))", with: "")
                #expect(!text.contains("@everyone") && !text.contains("@here") && !text.contains("<@"), "discord: mention")
                #expect(!text.contains("]("), "discord: masked link")
                #expect(Self.everyOccurrence(of: "[", in: text, isPrecededBy: "\\"), "discord: unescaped [")
            }
        case "wecom-markdown", "wecom-text", "dingtalk":
            for string in strings {
                let text = string.replacingOccurrences(of: "[Status page](\(link))", with: "")
                #expect(!text.contains("@"), "\(name): @ mention")
                #expect(!text.contains("<") && !text.contains("]("), "\(name): tag or link")
            }
        case "feishu-post", "lark-card":
            for string in strings where string != link {
                #expect(!string.contains("<"), "\(name): tag")
                #expect(
                    !string.unicodeScalars.indices.contains { index in
                        string.unicodeScalars[index] == "@" && string.unicodeScalars.index(after: index) < string.unicodeScalars.endIndex
                            && string.unicodeScalars[string.unicodeScalars.index(after: index)] != "\u{200D}"
                    }, "\(name): @ mention")
            }
            let tags = Self.values(of: "tag", in: body)
            #expect(tags.filter { $0 == "a" }.count <= 1)
            #expect(Self.values(of: "href", in: body).allSatisfy { $0 == link })
        case "teams":
            for string in strings where string != link {
                #expect(!string.contains("[") && !string.contains("<") && !string.contains("]("), "teams: link or tag")
            }
        case "googlechat":
            for string in strings {
                let text = string.replacingOccurrences(of: "<\(link)|Status page>", with: "")
                #expect(!text.contains("<") && !text.contains(">"), "googlechat: mention or link")
            }
        default:
            break
        }
    }

    static func everyOccurrence(of character: Character, in text: String, isPrecededBy escape: Character) -> Bool {
        var previous: Character?
        for current in text {
            if current == character, previous != escape { return false }
            previous = current
        }
        return true
    }

    /// Every string value of `key` in objects anywhere in `value`.
    static func values(of key: String, in value: Any) -> [String] {
        if let array = value as? [Any] { return array.flatMap { values(of: key, in: $0) } }
        guard let object = value as? [String: Any] else { return [] }
        let own = (object[key] as? String).map { [$0] } ?? []
        return own + object.values.flatMap { values(of: key, in: $0) }
    }
}
