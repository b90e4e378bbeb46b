import Foundation
import Notify
import Testing
import Transport

/// The signatures match the vectors in the targets' documentation.
struct SigningTests {
    @Test func dingTalkSignatureMatchesTheReferenceVector() {
        let sign = Signature.dingTalk(secret: Secret("SEC0123456789abcdef"), timestampMilliseconds: 1_730_390_400_000)
        #expect(sign == "DQexMx3zTALSnzTjSvSTwk4f2Ijlfv6i9gb3dR2pywQ%3D")
    }

    @Test func feishuSignatureMatchesTheReferenceVector() {
        #expect(Signature.feishu(secret: Secret("demo"), timestampSeconds: 1_599_360_473) == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=")
    }

    /// RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    @Test func webhookSignatureIsTheHexHMACOfTheBody() {
        let sign = Signature.webhook(secret: Secret("Jefe"), body: Data("what do ya want for nothing?".utf8))
        #expect(sign == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func dingTalkRequestCarriesTimestampAndSignInTheURL() {
        let target = DingTalkTarget(url: Secret("https://oapi.dingtalk.com/robot/send?access_token=T"), secret: Secret("SEC0123456789abcdef"))
        let request = target.render(Fixtures.message(), now: 1_730_390_400)
        #expect(
            request.url
                == "https://oapi.dingtalk.com/robot/send?access_token=T&timestamp=1730390400000&sign=DQexMx3zTALSnzTjSvSTwk4f2Ijlfv6i9gb3dR2pywQ%3D")
    }

    @Test func dingTalkRequestWithoutSecretIsNotSigned() {
        let request = DingTalkTarget(url: Secret("https://oapi.dingtalk.com/robot/send?access_token=T")).render(Fixtures.message(), now: 1)
        #expect(request.url == "https://oapi.dingtalk.com/robot/send?access_token=T")
    }

    @Test func feishuBodyCarriesTimestampAndSign() throws {
        let target = FeishuTarget(url: Secret("https://open.feishu.cn/open-apis/bot/v2/hook/T"), secret: Secret("demo"))
        let body = try JSON.object(target.render(Fixtures.message(), now: 1_599_360_473))
        #expect(body["timestamp"] as? String == "1599360473")
        #expect(body["sign"] as? String == "l1N0gAcBjdwBvGm1xMjOF0XSyaLRpR7tuO5dHfhAYc8=")
    }

    @Test func webhookSignatureHeaderCoversTheExactBody() throws {
        let target = WebhookTarget(url: Secret("https://hooks.example.com/in"), secret: Secret("s3cret"))
        let request = target.render(Fixtures.message(), now: Fixtures.now)
        let header = try #require(request.headers.first { $0.name == WebhookTarget.signatureHeader })
        #expect(header.value == Signature.webhook(secret: Secret("s3cret"), body: try #require(request.body)))
        #expect(
            WebhookTarget(url: Secret("https://h/in")).render(Fixtures.message(), now: 0).headers.allSatisfy {
                $0.name != WebhookTarget.signatureHeader
            })
    }

    /// The webhook key, bot token and signing secret go to the URL or the signature only, never
    /// into the body or another header.
    @Test func secretsStayOutOfBodiesAndHeaders() throws {
        let secret = "TOPSECRET"
        let targets: [NotificationTarget] = [
            .wecom(WeComTarget(url: Secret("https://q/send?key=\(secret)"))),
            .dingtalk(DingTalkTarget(url: Secret("https://d/send?access_token=\(secret)"), secret: Secret(secret))),
            .feishu(FeishuTarget(url: Secret("https://f/hook/\(secret)"), secret: Secret(secret))),
            .telegram(TelegramTarget(botToken: Secret("1:\(secret)"), chatID: "1")),
            .webhook(WebhookTarget(url: Secret("https://h/\(secret)"), secret: Secret(secret))),
        ]
        for target in targets {
            let request = target.render(Fixtures.message(), now: Fixtures.now)
            let body = String(decoding: try #require(request.body), as: UTF8.self)
            #expect(!body.contains(secret))
            #expect(!request.headers.contains { $0.value.contains(secret) })
        }
    }
}
