import ConfigSupport
import Foundation
import Monitor
import Rules
import Testing

/// The parts of `deskwatch.yaml` that rule files refer to: receiver names and schedules.
struct ConfigRuleNamesTests {
    static let sources = """
        sources:
          - name: cn-support
            sdkappid: 1400000000
            identifier: admin
            secret_key: ${DESK_SECRET_KEY}

        """
    static let environment = ["DESK_SECRET_KEY": "s3cr3t-key-0123456789abcdef", "WECOM_KEY": "wecom-key-0123"]

    func load(_ yaml: String) throws(ConfigError) -> DeskwatchConfig {
        try DeskwatchConfig.load(yaml: Self.sources + yaml, file: "deskwatch.yaml", baseDirectory: "/etc/deskwatch", environment: Self.environment)
    }

    @Test func readsReceiverNamesInFileOrder() throws {
        let config = try load(
            """
            receivers:
              support-wecom: {type: wecom, url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}"}
              leads-mail: {type: email, url: "smtps://smtp.example.com", from: alerts@example.com, to: [leads@example.com]}
            """)
        #expect(config.receiverNames == ["support-wecom", "leads-mail"])
        #expect(config.receivers.map(\.name) == config.receiverNames)
    }

    @Test func readsSchedulesInTheirTimeZone() throws {
        let config = try load(
            """
            schedules:
              business-hours: {timezone: Asia/Shanghai, days: mon-fri, hours: "09:00-18:00"}
            """)
        let schedule = try #require(config.schedules["business-hours"])
        #expect(schedule.isActive(at: 1_772_413_200))  // Monday 09:00 in Shanghai
        #expect(!schedule.isActive(at: 1_772_409_600))  // Monday 08:00 in Shanghai
    }

    @Test func reportsABadScheduleWithItsLine() {
        #expect {
            try load(
                """
                schedules:
                  business-hours: {timezone: Asia/Shanghai, days: mon-fry}
                """)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            let expected = "deskwatch.yaml:7:51: error: schedules.business-hours.days: `fry` is not a day"
            return error.errors.map(\.description).contains { $0.hasPrefix(expected) }
        }
    }
}
