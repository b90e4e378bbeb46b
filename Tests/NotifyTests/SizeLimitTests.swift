import Foundation
import Notify
import Rules
import Testing
import Transport

/// Every target stays within its size limit, and says what it left out.
struct SizeLimitTests {
    /// 60 alerts with 10 sessions each and long queue names in Chinese.
    static let large: AlertMessage = {
        let transitions = (0..<60).map { index in
            Fixtures.firing(queue: String(repeating: "在线客服", count: 40) + "\(index)", groupID: "g\(index)", sessions: 10)
        }
        return Fixtures.message(transitions)
    }()

    @Test func everyTargetFitsALargeGroupedMessage() throws {
        for (name, target) in Fixtures.targets {
            let request = target.render(Self.large, now: Fixtures.now)
            #expect(try Fixtures.withinLimit(name, request), "\(name)")
            let decoded = try JSONSerialization.jsonObject(with: try #require(request.body))
            if !name.hasPrefix("webhook"), name != "alertmanager" {
                #expect(JSON.strings(in: decoded).contains { $0.contains("… and ") }, "\(name): no visible truncation marker")
            }
        }
    }

    @Test func fullMessageIsKeptWhenItFits() throws {
        let request = SlackTarget(url: .init("https://hooks.slack.com/x")).render(Fixtures.message(), now: Fixtures.now)
        let text = JSON.strings(in: try JSON.object(request)).joined(separator: "\n")
        #expect(text.contains("s-2"))
        #expect(text.contains("… and 9 more sessions"))
        #expect(!text.contains("more alert"))
    }

    @Test func telegramDropsSamplesBeforeAlerts() throws {
        let request = TelegramTarget(botToken: .init("1:A"), chatID: "1").render(Self.large, now: Fixtures.now)
        let text = try #require(JSON.object(request)["text"] as? String)
        #expect(text.contains("more alerts"))
        #expect(text.utf16.count <= TelegramTarget.textLimit)
    }

    @Test func webhookReportsTruncatedAlertsUnderASmallLimit() throws {
        let target = WebhookTarget(url: .init("https://h/in"), bodyLimit: 8 * 1024)
        let request = target.render(Self.large, now: Fixtures.now)
        #expect(try #require(request.body).count <= 8 * 1024)
        let body = try JSON.object(request)
        let shown = try #require(body["alerts"] as? [[String: Any]]).count
        #expect(shown < 60)
        #expect(body["truncatedAlerts"] as? Int == 60 - shown)
    }

    @Test func detailLevelsShrinkMonotonically() {
        let levels = Detail.levels(for: Self.large)
        #expect(levels.first == Detail(alerts: 60, samples: 10))
        #expect(levels.last == Detail(alerts: 1, samples: 0, fieldCap: 20))
        #expect(Set(levels).count == levels.count)
    }
}
