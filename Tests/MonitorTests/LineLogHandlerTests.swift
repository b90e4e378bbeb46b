import Foundation
import Logging
import Monitor
import Synchronization
import Testing

/// Log lines as an operator's log collector reads them: one line per event, values that cannot
/// forge another line or field.
struct LineLogHandlerTests {
    final class Lines: Sendable {
        let text = Mutex("")
    }

    func logger(_ format: LogConfig.Format, _ lines: Lines) -> Logger {
        Logger(label: "deskwatch") { label in
            LineLogHandler(label: label, level: .info, format: format, write: { line in lines.text.withLock { $0 += line } })
        }
    }

    @Test func logfmtQuotesValuesThatWouldBreakTheLine() {
        let lines = Lines()
        logger(.logfmt, lines).info(
            "poll", metadata: ["desk.source": "cn", "error": "bad\nlevel=critical msg=\"forged\"", "empty": ""])
        logger(.logfmt, lines).debug("not shown")
        let text = lines.text.withLock { $0 }
        #expect(text.hasSuffix("\n") && text.filter { $0 == "\n" }.count == 1)
        #expect(text.contains(" level=info msg=poll logger=deskwatch desk.source=cn empty=\"\" "))
        #expect(text.contains(#"error="bad\nlevel=critical msg=\"forged\"""#))
        #expect(text.hasPrefix("time=20"))
    }

    @Test func jsonLinesAreOneObjectEach() throws {
        let lines = Lines()
        logger(.json, lines).warning("delivery failed", metadata: ["notify.receiver": "ops\u{2028}x"])
        let text = lines.text.withLock { $0 }
        #expect(text.filter { $0 == "\n" }.count == 1)
        let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(object?["msg"] == "delivery failed")
        #expect(object?["level"] == "warning")
        #expect(object?["notify.receiver"] == "ops\u{2028}x")
    }
}
