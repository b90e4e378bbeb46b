import ConfigSupport
import Testing

/// Durations as people write them in configuration, rule and scenario files.
struct DurationParserTests {
    @Test(arguments: [
        ("30s", Duration.seconds(30)), ("5m", .seconds(300)), ("2h", .seconds(7_200)), ("1d", .seconds(86_400)),
        ("1h30m", .seconds(5_400)), ("500ms", .milliseconds(500)), ("1d2h3m4s5ms", .milliseconds(93_784_005)), ("0s", .zero),
    ])
    func durationsParse(text: String, expected: Duration) throws {
        #expect(try DurationParser.parse(text) == expected)
        #expect(try DurationParser.parse(DurationParser.format(expected)) == expected)
    }

    @Test func badDurationsAreRejected() {
        #expect(throws: DurationParser.ParseError(message: "`30` has no unit", hint: "write 30s")) { try DurationParser.parse("30") }
        for text in ["", "s", "1.5h", "-5m", "30m1h", "1h1h", "5 m", "5x", "1w", "99999999999999999999d"] {
            #expect(throws: DurationParser.ParseError.self, "\(text)") { try DurationParser.parse(text) }
        }
        #expect(DurationParser.format(.seconds(5_400)) == "1h30m")
        #expect(DurationParser.format(.milliseconds(1_500)) == "1s500ms")
    }
}
