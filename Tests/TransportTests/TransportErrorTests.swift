import Testing
import Transport

struct TransportErrorTests {
    @Test func redactsTheURLItIsGiven() {
        let error = TransportError(kind: .timedOut, curlCode: 28, message: "timed out", url: "https://h/v4?usersig=SECRET&key=K2")
        #expect(error.url == "https://h/v4?usersig=REDACTED&key=REDACTED")
    }

    @Test func redactsTheURLWhenItIsAssigned() {
        var error = TransportError(kind: .other, message: "m", url: "https://h/")
        error.url = "https://h/?token=abcdef"
        #expect(error.url == "https://h/?token=REDACTED")
    }

    @Test func removesTheRequestCredentialsFromTheMessage() {
        let url = "https://bob:hunter22@h/v4?usersig=SECRET&key=K2"
        let message = "failed for \(url); decoded SECRET, K2, hunter22 and token=xyz"
        let error = TransportError(kind: .other, message: message, url: url)
        for secret in ["SECRET", "K2", "hunter22", "xyz"] {
            #expect(!error.message.contains(secret))
            #expect(!error.description.contains(secret))
        }
        #expect(error.message.contains("https://REDACTED@h/v4?usersig=REDACTED&key=REDACTED"))
    }

    @Test func describesKindURLMessageAndCode() {
        let error = TransportError(kind: .couldNotConnect, curlCode: 7, message: "Couldn't connect to server", url: "http://127.0.0.1:1/")
        #expect(error.description == "couldNotConnect for http://127.0.0.1:1/: Couldn't connect to server (curl code 7)")
    }

    @Test(arguments: [
        (TransportError.Kind.timedOut, true), (.couldNotResolve, true), (.couldNotConnect, true), (.connectionLost, true),
        (.tls, false), (.responseTooLarge(limit: 1), false), (.tooManyRedirects, false), (.cancelled, false),
        (.invalidRequest, false), (.other, false),
    ])
    func classifiesTransientKinds(kind: TransportError.Kind, transient: Bool) {
        #expect(TransportError(kind: kind, message: "", url: "http://h/").isTransient == transient)
    }
}
