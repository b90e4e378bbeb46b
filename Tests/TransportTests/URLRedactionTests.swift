import Testing
import Transport

struct URLRedactionTests {
    @Test func replacesTheValuesOfSensitiveParameters() {
        let url = "https://console.tim.qq.com/v4/openim/sendmsg?sdkappid=1400000000&identifier=admin&usersig=eJwtzEELgj&random=99"
        let expected = "https://console.tim.qq.com/v4/openim/sendmsg?sdkappid=1400000000&identifier=admin&usersig=REDACTED&random=99"
        #expect(URLRedaction.redact(url) == expected)
    }

    @Test(arguments: ["usersig", "UserSig", "KEY", "access_token", "Token", "sign", "signature", "secret", "Password", "sig"])
    func matchesEverySensitiveNameCaseInsensitively(name: String) {
        #expect(URLRedaction.redact("http://h/p?a=1&\(name)=s3cr3t&b=2") == "http://h/p?a=1&\(name)=REDACTED&b=2")
    }

    @Test func matchesPercentEncodedNames() {
        #expect(URLRedaction.redact("http://h/?user%73ig=abc") == "http://h/?user%73ig=REDACTED")
    }

    @Test func leavesNamesThatOnlyContainASensitiveWordAlone() {
        let url = "http://h/p?monkey=1&keys=2&signal=3&tokenizer=4"
        #expect(URLRedaction.redact(url) == url)
    }

    @Test func keepsEverythingElseByteForByte() {
        let url = "HTTPS://Example.COM:8443/a%2Fb/c;p=1?x=%E4%BD%A0&&flag&empty=&y=a=b+c#frag"
        #expect(URLRedaction.redact(url) == url)
    }

    @Test func keepsEmptySensitiveValuesEmpty() {
        #expect(URLRedaction.redact("http://h/?token=&a=1") == "http://h/?token=&a=1")
    }

    @Test func redactsUserinfo() {
        #expect(URLRedaction.redact("https://alice:pa55@example.com:8080/x?y=1") == "https://REDACTED@example.com:8080/x?y=1")
        #expect(URLRedaction.redact("https://apitoken@example.com/") == "https://REDACTED@example.com/")
    }

    @Test func leavesAnAtSignInThePathOrQueryAlone() {
        let url = "https://example.com/users/@me?mail=a@b.c"
        #expect(URLRedaction.redact(url) == url)
    }

    @Test func redactsSensitiveParametersInTheFragment() {
        #expect(URLRedaction.redact("https://h/cb#access_token=abc&state=1") == "https://h/cb#access_token=REDACTED&state=1")
    }

    @Test func isIdempotent() {
        let once = URLRedaction.redact("https://u:p@h/?key=1&sig=2")
        #expect(URLRedaction.redact(once) == once)
    }

    @Test func leavesTextThatIsNotAURLAlone() {
        #expect(URLRedaction.redact("") == "")
        #expect(URLRedaction.redact("not a url") == "not a url")
    }
}

/// Webhook URLs whose token sits in the path.
struct PathTokenRedactionTests {
    @Test(arguments: [
        ("https://api.telegram.org/bot123456:AAHsecret/sendMessage", "https://api.telegram.org/botREDACTED/sendMessage", "AAHsecret"),
        ("https://discord.com/api/webhooks/111/tokenXYZ?wait=true", "https://discord.com/api/webhooks/111/REDACTED?wait=true", "tokenXYZ"),
        ("https://hooks.slack.com/services/T000/B000/slackSecret", "https://hooks.slack.com/services/T000/B000/REDACTED", "slackSecret"),
        ("https://open.feishu.cn/open-apis/bot/v2/hook/feishuToken", "https://open.feishu.cn/open-apis/bot/v2/hook/REDACTED", "feishuToken"),
    ])
    func redactsTokensInWebhookPaths(url: String, redacted: String, secret: String) {
        #expect(URLRedaction.redact(url) == redacted)
        let error = TransportError(kind: .timedOut, message: "Failed to connect to \(url)", url: url)
        #expect(!error.description.contains(secret))
    }

    @Test func leavesOrdinaryPathsAlone() {
        let url = "https://console.tim.qq.com/v4/desk_http_svc/describe_im_cdr_list?sdkappid=1"
        #expect(URLRedaction.redact(url) == url)
    }
}
