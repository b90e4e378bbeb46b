/// Escaping of outside text for each target's markup. Every function first cleans the text with
/// ``TextSanitizer`` (controls, bidi overrides, length cap) and then makes every character that
/// the target would read as markup, a mention or a link read as itself.
public enum Escape {
    /// Slack mrkdwn: `&`, `<` and `>` as entities, which also rules out `<!channel>`, `<!here>`,
    /// `<@U…>` and `<url|text>` links.
    public static func slack(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        replacing(text.sanitized(cap: cap), ["&": "&amp;", "<": "&lt;", ">": "&gt;"])
    }

    /// Telegram (and any) HTML: `&`, `<`, `>`, `"` and `'` as entities.
    public static func html(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        replacing(text.sanitized(cap: cap), ["&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"])
    }

    /// Discord markdown: markdown characters backslash-escaped, and a zero-width space after every
    /// `@` and `<` so that neither `@everyone` nor `<@id>` forms a mention even without
    /// `allowed_mentions`.
    public static func discord(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        var output = ""
        for character in text.sanitized(cap: cap) {
            switch character {
            case "\\", "*", "_", "~", "`", "|", ">", "#", "-", "[", "]", "(", ")", ":":
                output += "\\\(character)"
            case "@", "<": output += "\(character)\u{200B}"
            default: output.append(character)
            }
        }
        return output
    }

    /// WeCom and DingTalk markdown (and WeCom text): `@` becomes the full-width `＠` so that no
    /// `@all` or `@mobile` mention forms, and brackets, angle brackets and emphasis characters
    /// become full-width look-alikes so that no link, tag or bold text forms. Underscores and
    /// hyphens stay, so that ids can still be copied and searched.
    public static func chinaMarkdown(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        replacing(
            text.sanitized(cap: cap),
            ["@": "＠", "[": "［", "]": "］", "<": "＜", ">": "＞", "(": "（", ")": "）", "*": "＊", "#": "＃", "`": "｀", "&": "＆"]
        )
    }

    /// Feishu / Lark `text` tags and `plain_text` card elements: the text is shown as is, but `<`,
    /// `>` and `@` are neutralised in case a client reads `<at user_id="all">` or `@all` in it.
    public static func feishu(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        replacing(text.sanitized(cap: cap), ["<": "＜", ">": "＞", "@": "@\u{200D}"])
    }

    /// Teams Adaptive Card `TextBlock` markdown: link, bold and tag characters become full-width
    /// look-alikes (Adaptive Cards have no reliable backslash escape). Underscores and hyphens stay,
    /// so that ids can still be copied and searched.
    public static func teams(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        replacing(
            text.sanitized(cap: cap),
            ["[": "［", "]": "］", "(": "（", ")": "）", "<": "＜", ">": "＞", "*": "＊", "#": "＃", "`": "｀", "&": "＆"]
        )
    }

    /// Google Chat text: `<` and `>` become full-width so that no `<users/all>` mention and no
    /// `<url|text>` link forms; `*`, `~` and backticks become look-alikes so that no bold, strike
    /// or code formatting leaks.
    public static func googleChat(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        replacing(text.sanitized(cap: cap), ["<": "＜", ">": "＞", "*": "＊", "~": "～", "`": "｀", "&": "＆"])
    }

    /// Plain data (JSON payloads for webhooks and Alertmanager): only cleaned and capped; JSON
    /// encoding does the rest and the receiver escapes for its own display.
    public static func plain(_ text: UntrustedText, cap: Int = TextSanitizer.defaultCap) -> String {
        text.sanitized(cap: cap)
    }

    static func replacing(_ text: String, _ table: [Character: String]) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            if let replacement = table[character] { output += replacement } else { output.append(character) }
        }
        return output
    }
}
