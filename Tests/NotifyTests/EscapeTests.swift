import Foundation
import Notify
import Testing

/// Each target's escape function turns markup, mentions and links into text.
struct EscapeTests {
    @Test func slackEscapesAmpersandAndAngleBrackets() {
        #expect(Escape.slack("<!channel> & <https://x|y>") == "&lt;!channel&gt; &amp; &lt;https://x|y&gt;")
    }

    @Test func htmlEscapesEntitiesAndQuotes() {
        #expect(Escape.html("<a href=\"x\">&'</a>") == "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;")
    }

    @Test func discordBackslashEscapesMarkdownAndBreaksMentions() {
        #expect(Escape.discord("@everyone") == "@\u{200B}everyone")
        #expect(Escape.discord("<@123>") == "<\u{200B}@\u{200B}123\\>")
        #expect(Escape.discord("[x](https://e)") == "\\[x\\]\\(https\\://e\\)")
        #expect(Escape.discord("**b** _i_ `c` ~s~ |sp|") == "\\*\\*b\\*\\* \\_i\\_ \\`c\\` \\~s\\~ \\|sp\\|")
    }

    @Test func chinaMarkdownUsesFullWidthLookAlikes() {
        #expect(Escape.chinaMarkdown("@all") == "＠all")
        #expect(Escape.chinaMarkdown("[x](http://e)") == "［x］（http://e）")
        #expect(Escape.chinaMarkdown("<font color=\"red\">") == "＜font color=\"red\"＞")
        #expect(Escape.chinaMarkdown("客服一组") == "客服一组")
    }

    @Test func feishuNeutralisesAtTags() {
        let text = Escape.feishu("<at user_id=\"all\">all</at>")
        #expect(!text.contains("<"))
        #expect(!text.contains("<at"))
        #expect(Escape.feishu("@all") == "@\u{200D}all")
    }

    @Test func teamsNeutralisesLinksAndEmphasis() {
        #expect(Escape.teams("[x](http://e) **b**") == "［x］（http://e） ＊＊b＊＊")
    }

    @Test func googleChatNeutralisesUserMentionsAndLinks() {
        #expect(Escape.googleChat("<users/all> <http://e|x>") == "＜users/all＞ ＜http://e|x＞")
    }

    @Test func controlCharactersBecomeSpacesAndBidiControlsDisappear() {
        #expect(Escape.plain("a\r\nb\tc\u{0}d") == "a b c d")
        #expect(Escape.plain("\u{202E}abc\u{202C}\u{2066}d\u{2069}\u{200F}") == "abcd")
        #expect(Escape.plain("a\u{2028}b\u{85}c") == "a b c")
    }

    @Test func fieldsAreCappedWithAnEllipsis() {
        let capped = Escape.plain(UntrustedText(String(repeating: "x", count: 10_000)))
        #expect(capped.count == TextSanitizer.defaultCap)
        #expect(capped.hasSuffix("…"))
        #expect(Escape.plain(UntrustedText(String(repeating: "x", count: 200))).count == 200)
        #expect(Escape.plain(UntrustedText(String(repeating: "x", count: 200))).last == "x")
    }

    @Test func capNeverSplitsACharacterAndBoundsCombiningMarks() {
        let emoji = Escape.plain(UntrustedText(String(repeating: "👩‍👩‍👧‍👦", count: 500)), cap: 10)
        #expect(emoji.count <= 10)
        #expect(emoji.allSatisfy { $0 == "👩‍👩‍👧‍👦" || $0 == "…" })
        #expect(emoji.hasSuffix("…"))
        #expect(emoji.unicodeScalars.count <= 40)
        let zalgo = Escape.plain(UntrustedText("e" + String(repeating: "\u{301}", count: 10_000)), cap: 50)
        #expect(zalgo.unicodeScalars.count <= 200)
    }

    @Test func emailHeaderHasNoLineBreaksAndEncodesNonASCII() {
        let injected = Escape.emailHeader("Eve\r\nBcc: x@y")
        #expect(!injected.contains("\r") && !injected.contains("\n"))
        #expect(injected == "Eve Bcc: x@y")
        let chinese = Escape.emailHeader("客服告警")
        #expect(chinese == "=?UTF-8?B?5a6i5pyN5ZGK6K2m?=")
        let long = Escape.emailHeader(UntrustedText(String(repeating: "客", count: 100)))
        let words = long.split(separator: " ")
        #expect(words.count > 1)
        #expect(words.allSatisfy { $0.count <= 75 && $0.hasPrefix("=?UTF-8?B?") && $0.hasSuffix("?=") })
        let decoded = words.compactMap { word in
            Data(base64Encoded: String(word.dropFirst(10).dropLast(2))).flatMap { String(data: $0, encoding: .utf8) }
        }
        #expect(decoded.count == words.count)
        #expect(decoded.joined() == String(repeating: "客", count: 100))
    }

    @Test func emailHTMLEscapesMarkup() {
        #expect(Escape.emailHTML("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;")
    }
}
