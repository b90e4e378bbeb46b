import Foundation
import TestPeers
import Testing
import Transport

/// A multipart/alternative alert mail with CRLF line endings, including a body line that starts with a dot
/// (which SMTP must transport by dot-stuffing) and a non-ASCII subject encoded per RFC 2047.
private let sampleMessage = Data(
    [
        "From: deskwatch <alerts@example.com>",
        "To: Ops <ops@example.com>",
        "Subject: =?UTF-8?B?5bey5pS+5byD?= abandoned chats",
        "Date: Wed, 25 Nov 2026 13:00:00 +0000",
        "Message-ID: <alert-1@deskwatch.example>",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "12 of 80 chats (15 %) were abandoned.",
        ".a line that starts with a dot",
        ".",
        "",
        "--b1",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>12 of 80 chats (15&nbsp;%) were abandoned.</p>",
        "--b1--",
        "",
    ].joined(separator: "\r\n").utf8
)

private func envelope(to recipients: [String] = ["ops@example.com", "oncall@example.org"]) -> SMTPEnvelope {
    SMTPEnvelope(from: "alerts@example.com", recipients: recipients, message: sampleMessage)
}

@Suite(.enabled(if: SMTPPeer.shouldRun, "needs python3 with aiosmtpd and openssl on PATH (required when CI=true)"))
struct SMTPDeliveryTests {
    private func startTLS(_ peer: SMTPPeer, loginOptions: String? = nil, password: String = SMTPPeer.password, caFile: Bool = true)
        -> SMTPConfiguration
    {
        SMTPConfiguration(
            url: "smtp://127.0.0.1:\(peer.startTLSPort)",
            username: SMTPPeer.username,
            password: Secret(password),
            loginOptions: loginOptions,
            caFile: caFile ? peer.certificatePath : nil,
            timeout: .seconds(20)
        )
    }

    @Test(arguments: ["PLAIN", "LOGIN"])
    func startTLSWithAuthDeliversTheMessageByteForByte(mechanism: String) async throws {
        try await SMTPPeer.with { peer in
            let sender = CurlSMTPSender(configuration: startTLS(peer, loginOptions: "AUTH=\(mechanism)"))
            try await sender.send(envelope())
            let deliveries = try peer.deliveries()
            try #require(deliveries.count == 1)
            #expect(deliveries[0].message == sampleMessage)
            #expect(deliveries[0].from == "alerts@example.com")
            #expect(deliveries[0].recipients == ["ops@example.com", "oncall@example.org"])
            #expect(deliveries[0].mechanism == mechanism)
            #expect(deliveries[0].login == SMTPPeer.username)
            #expect(deliveries[0].encrypted)
        }
    }

    @Test func implicitTLSDelivers() async throws {
        try await SMTPPeer.with { peer in
            let configuration = SMTPConfiguration(
                url: "smtps://127.0.0.1:\(peer.implicitTLSPort)",
                username: SMTPPeer.username,
                password: Secret(SMTPPeer.password),
                caFile: peer.certificatePath,
                timeout: .seconds(20),
                heloName: "deskwatch.example"
            )
            let sender = CurlSMTPSender(configuration: configuration)
            try await sender.send(envelope(to: ["ops@example.com"]))
            try await sender.send(envelope(to: ["second@example.com"]))
            let deliveries = try peer.deliveries()
            try #require(deliveries.count == 2)
            #expect(deliveries.map(\.recipients) == [["ops@example.com"], ["second@example.com"]])
            #expect(deliveries.allSatisfy { $0.message == sampleMessage && $0.encrypted && $0.helo == "deskwatch.example" })
        }
    }

    @Test func concurrentSendsThroughOneSenderAllArrive() async throws {
        try await SMTPPeer.with { peer in
            let sender = CurlSMTPSender(configuration: startTLS(peer))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<4 {
                    group.addTask { try await sender.send(envelope(to: ["ops\(index)@example.com"])) }
                }
                try await group.waitForAll()
            }
            let deliveries = try peer.deliveries()
            #expect(Set(deliveries.flatMap(\.recipients)) == Set((0..<4).map { "ops\($0)@example.com" }))
            #expect(deliveries.allSatisfy { $0.message == sampleMessage })
        }
    }

    @Test func startTLSWithoutTheCertificatesCAFailsWithTLS() async throws {
        try await SMTPPeer.with { peer in
            let sender = CurlSMTPSender(configuration: startTLS(peer, caFile: false))
            let error = await #expect(throws: TransportError.self) { try await sender.send(envelope()) }
            #expect(error?.kind == .tls)
            #expect(error?.isTransient == false)
            let delivered = try peer.deliveries()
            #expect(delivered.isEmpty)
        }
    }

    @Test func aWrongPasswordFailsClearlyWithoutShowingIt() async throws {
        try await SMTPPeer.with { peer in
            let wrong = "wrong-Pa55word-7f3a"
            for mechanism in ["PLAIN", "LOGIN"] {
                let sender = CurlSMTPSender(configuration: startTLS(peer, loginOptions: "AUTH=\(mechanism)", password: wrong))
                let error = try #require(await #expect(throws: TransportError.self) { try await sender.send(envelope()) })
                #expect(error.message.contains("refused the login"))
                #expect(error.message.contains("535"))
                #expect(error.serverReplyCode == 535)
                #expect(error.isTransient == false)
                for text in [error.message, error.description, error.url, String(describing: error), "\(error)"] {
                    #expect(!text.contains(wrong))
                    #expect(!text.contains(Data(wrong.utf8).base64EncodedString()))
                }
            }
            let delivered = try peer.deliveries()
            #expect(delivered.isEmpty)
        }
    }

    @Test func aRejectedRecipientFailsWithTheServersReply() async throws {
        try await SMTPPeer.with { peer in
            let sender = CurlSMTPSender(configuration: startTLS(peer))
            let error = try #require(
                await #expect(throws: TransportError.self) {
                    try await sender.send(envelope(to: ["ops@example.com", "nobody@rejected.example"]))
                }
            )
            #expect(error.message.contains("rejected a recipient"))
            #expect(error.message.contains("Recipient address rejected: no such user"))
            #expect(error.serverReplyCode == 550)
            #expect(error.isTransient == false)
            let delivered = try peer.deliveries()
            #expect(delivered.isEmpty)
        }
    }

    @Test func smtpToAServerWithoutSTARTTLSFailsInsteadOfSendingInPlainText() async throws {
        try await SMTPPeer.with { peer in
            let sender = CurlSMTPSender(configuration: SMTPConfiguration(url: "smtp://127.0.0.1:\(peer.plainPort)", timeout: .seconds(20)))
            let error = await #expect(throws: TransportError.self) { try await sender.send(envelope()) }
            #expect(error?.kind == .tls)
            #expect(error?.message.contains("TLS is required") == true)
            let delivered = try peer.deliveries()
            #expect(delivered.isEmpty)
        }
    }

    @Test func plaintextIsUsedOnlyWhenAllowed() async throws {
        try await SMTPPeer.with { peer in
            let configuration = SMTPConfiguration(url: "smtp://127.0.0.1:\(peer.plainPort)", allowPlaintext: true, timeout: .seconds(20))
            try await CurlSMTPSender(configuration: configuration).send(envelope())
            let deliveries = try peer.deliveries()
            try #require(deliveries.count == 1)
            #expect(deliveries[0].message == sampleMessage)
            #expect(deliveries[0].encrypted == false)
            #expect(deliveries[0].mechanism == nil)
        }
    }
}

/// Checks made before any connection: they need no server.
struct SMTPValidationTests {
    /// A loopback port nobody listens on: reaching the network would fail with `couldNotConnect`, so
    /// `invalidRequest` proves the sender refused first.
    private func refusal(_ configuration: SMTPConfiguration, _ envelope: SMTPEnvelope) async throws -> TransportError? {
        await #expect(throws: TransportError.self) { try await CurlSMTPSender(configuration: configuration).send(envelope) }
    }

    @Test func credentialsAreRefusedOnAPlaintextConnectionBeforeConnecting() async throws {
        try await ClosedPort.with { port in
            let configuration = SMTPConfiguration(
                url: "smtp://127.0.0.1:\(port)",
                username: "alerts",
                password: Secret("plain-Pa55word"),
                allowPlaintext: true
            )
            let error = try #require(try await refusal(configuration, envelope()))
            #expect(error.kind == .invalidRequest)
            #expect(error.message.contains("credentials are refused"))
            #expect(!error.description.contains("plain-Pa55word"))
        }
    }

    @Test(arguments: [
        "https://mail.example.com", "smtp://user:pass@mail.example.com", "smtp://mail.example.com/other", "smtp://mail.example.com?x=1",
        "smtp://mail .example.com", "smtp://",
    ])
    func invalidServerURLsAreRefused(url: String) async throws {
        let error = try await refusal(SMTPConfiguration(url: url), envelope())
        #expect(error?.kind == .invalidRequest)
        #expect(error?.description.contains("pass@") == false)
    }

    @Test func incompleteCredentialsAreRefused() async throws {
        let error = try await refusal(SMTPConfiguration(url: "smtps://127.0.0.1:1", username: "alerts"), envelope())
        #expect(error?.kind == .invalidRequest)
    }

    @Test(arguments: [
        "ops@example.com\r\nBcc: victim@example.net", "ops@example.com\nBcc: victim@example.net", "ops@example.com\rBcc:victim@example.net",
        "Bcc: victim@example.net", "ops@example.com>,<victim@example.net", "<ops@example.com>", "ops@example.com\0", "ops@@example.com",
        "ops@example.com@example.net", "opsexample.com", "@example.com", "ops@", "ops@example..com", "ops@-example.com", "o ps@example.com",
        ".ops@example.com", "ops\"@example.com", "ops@exämple.com", "", String(repeating: "a", count: 65) + "@example.com",
        "ops@" + String(repeating: "a.", count: 130) + "com",
    ])
    func invalidAddressesAreRefused(address: String) async throws {
        try await ClosedPort.with { port in
            let configuration = SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", allowPlaintext: true)
            let asRecipient = try await refusal(configuration, envelope(to: ["ops@example.com", address]))
            #expect(asRecipient?.kind == .invalidRequest)
            #expect(asRecipient?.message.contains("recipient 2 address") == true)
            let asSender = try await refusal(configuration, SMTPEnvelope(from: address, recipients: ["ops@example.com"], message: sampleMessage))
            #expect(asSender?.kind == .invalidRequest)
            #expect(asSender?.message.contains("sender address") == true)
        }
    }

    @Test(arguments: ["ops@example.com", "first.last+tag@sub.example.co", "x@[192.0.2.1]", "o'neil@example.com"])
    func validAddressesPassValidation(address: String) async throws {
        try await ClosedPort.with { port in
            let configuration = SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", allowPlaintext: true, connectTimeout: .seconds(5))
            let error = try await refusal(configuration, envelope(to: [address]))
            #expect(error?.kind == .couldNotConnect)
        }
    }

    @Test(arguments: [
        "Subject: x\nTo: a@example.com\r\n\r\nbody\r\n", "Subject: x\r\n\r\nbody\n", "Subject: x\r\n\r\nbo\rdy\r\n", "Subject: x\r\n\r\nbody\r",
        "Subject: x\r\n\r\nbo\0dy\r\n", "",
    ])
    func messagesWithoutCRLFLineEndingsAreRefused(message: String) async throws {
        try await ClosedPort.with { port in
            let configuration = SMTPConfiguration(url: "smtp://127.0.0.1:\(port)", allowPlaintext: true)
            let refused = SMTPEnvelope(from: "alerts@example.com", recipients: ["ops@example.com"], message: Data(message.utf8))
            let error = try await refusal(configuration, refused)
            #expect(error?.kind == .invalidRequest)
        }
    }

    @Test func anEnvelopeWithoutRecipientsIsRefused() async throws {
        let error = try await refusal(SMTPConfiguration(url: "smtps://127.0.0.1:1"), envelope(to: []))
        #expect(error?.kind == .invalidRequest)
    }

    @Test func aRefusalByTheServerIsTransientOnlyForTemporaryReplies() {
        var error = TransportError(kind: .other, message: "", url: "smtp://h/")
        error.serverReplyCode = 451
        #expect(error.isTransient)
        error.serverReplyCode = 550
        #expect(!error.isTransient)
    }
}
