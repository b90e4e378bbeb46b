import Foundation
import Notify
import Rules
import TestPeers
import Testing
import Transport

/// An alert's firing and resolve mails, as deskwatch composes them, through STARTTLS and AUTH to
/// a real SMTP server on loopback: what arrives is threaded, multipart, encoded and escaped.
@Suite(.enabled(if: SMTPPeer.shouldRun, "needs python3 with aiosmtpd and openssl on PATH (required when CI=true)"))
struct ThreadedMailTests {
    static let group = AlertGroup(
        labels: [AlertGroup.Label(field: .agentGroupID, value: "3067")],
        display: [AlertGroup.Label(field: .agentGroupName, value: "在线客服 <b>VIP</b>")])

    static func transition(_ event: AlertEvent, at time: Int) -> Transition {
        Transition(
            rule: "no-agents-online", severity: .critical, group: group, event: event, from: event == .resolved ? .firing : .pending,
            to: event == .resolved ? .inactive : .firing, at: time,
            measurement: Measurement(verdict: event == .resolved ? .clear : .holds, value: 3, threshold: "≥ 1"),
            firedAt: 1_764_028_800)
    }

    @Test func theResolveArrivesInTheThreadOfItsFiring() async throws {
        try await SMTPPeer.with { peer in
            let sender = CurlSMTPSender(
                configuration: SMTPConfiguration(
                    url: "smtp://127.0.0.1:\(peer.startTLSPort)", username: SMTPPeer.username, password: Secret(SMTPPeer.password),
                    caFile: peer.certificatePath, timeout: .seconds(20)))
            let composer = EmailMessage(from: "alerts@example.com", fromName: "deskwatch 监控", to: ["leads@example.com"])
            for (event, time) in [(AlertEvent.firing, 1_764_028_800), (.resolved, 1_764_030_600)] {
                let message = AlertMessage(receiver: "mail", transitions: [Self.transition(event, at: time)], rules: [:])
                try await sender.send(
                    SMTPEnvelope(from: "alerts@example.com", recipients: ["leads@example.com"], message: composer.compose(message, now: time)))
            }
            let deliveries = try peer.deliveries()
            try #require(deliveries.count == 2)
            #expect(deliveries.allSatisfy { $0.encrypted && $0.login == SMTPPeer.username })
            let mails = deliveries.map { String(decoding: $0.message, as: UTF8.self) }
            let firing = MailText.headers(mails[0])
            let resolved = MailText.headers(mails[1])
            let thread = try #require(firing["Message-ID"])
            #expect(thread.hasPrefix("<deskwatch.") && thread.hasSuffix("@example.com>"))
            #expect(resolved["In-Reply-To"] == thread)
            #expect(resolved["References"] == thread)
            #expect(resolved["Message-ID"] != thread)
            #expect(firing["Date"] == "Tue, 25 Nov 2025 00:00:00 +0000")
            #expect(firing["From"]?.hasPrefix("=?UTF-8?B?") == true && firing["From"]?.hasSuffix(" <alerts@example.com>") == true)
            #expect(firing["Subject"]?.hasPrefix("=?UTF-8?B?") == true)
            #expect(!mails[0].contains("在线客服"), "non-ASCII text travels encoded")

            let type = try #require(firing["Content-Type"])
            #expect(type.hasPrefix("multipart/alternative; boundary=\""))
            let boundary = String(type.dropFirst("multipart/alternative; boundary=\"".count).dropLast())
            let parts = MailText.parts(mails[0], boundary: boundary)
            let text = try #require(parts["text/plain; charset=utf-8"])
            let html = try #require(parts["text/html; charset=utf-8"])
            #expect(text.contains("在线客服 <b>VIP</b>"))
            #expect(html.contains("在线客服 &lt;b&gt;VIP&lt;/b&gt;"))
            #expect(!html.contains("<b>VIP"))
            #expect(!mails[0].replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        }
    }
}
