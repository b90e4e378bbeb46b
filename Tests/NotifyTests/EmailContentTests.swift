import Foundation
import Notify
import Testing

/// Email subjects and bodies carry no injected header or markup.
struct EmailContentTests {
    @Test func subjectIsOneEncodedLine() {
        let content = EmailContent(Fixtures.message())
        #expect(content.subject.hasPrefix("=?UTF-8?B?"))
        #expect(!content.subject.contains("\r") && !content.subject.contains("\n"))
    }

    @Test func bodiesUseCRLFOnly() {
        let content = EmailContent(Fixtures.message())
        for body in [content.text, content.html] {
            let bareLF = body.utf8.indices.contains { index in
                body.utf8[index] == 0x0A && (index == body.utf8.startIndex || body.utf8[body.utf8.index(before: index)] != 0x0D)
            }
            #expect(!bareLF)
        }
        #expect(content.text.contains("12 of 80 chats (15%) in Online customer service were abandoned in the last hour; threshold > 10%\r\n"))
        #expect(content.html.contains("threshold &gt; 10%"))
        #expect(content.html.contains("<a href=\"https://status.example.com/alerts\">Status page</a>"))
    }

    @Test(arguments: Fixtures.hostile)
    func hostileNamesInjectNoHeaderAndNoTag(_ text: String) {
        let content = EmailContent(HostileCorpusTests.message(text))
        #expect(!content.subject.contains("\r") && !content.subject.contains("\n"))
        #expect(content.subject.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F })
        #expect(!content.text.contains("\r\nBcc:") && !content.text.contains("\r\nSubject:"))
        var html = content.html
        for tag in [
            "<!DOCTYPE html>", "<html>", "<head>", "<meta charset=\"utf-8\">", "</head>", "<body>", "</body>", "</html>", "<p>", "</p>", "<b>",
            "</b>",
        ] {
            html = html.replacingOccurrences(of: tag, with: "")
        }
        html = html.replacingOccurrences(of: "<a href=\"https://status.example.com/alerts\">Status page</a>", with: "")
        #expect(!html.contains("<") && !html.contains(">"))
    }
}
