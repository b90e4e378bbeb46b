import Foundation

/// A real SMTP server on loopback for the SMTP tests: Python's `aiosmtpd` with a freshly generated self-signed
/// certificate for `127.0.0.1` (made by the `openssl` command line, as for ``TLSPeer``), listening on three
/// free ports:
/// - ``startTLSPort``: offers and requires STARTTLS, then requires AUTH (PLAIN or LOGIN) as ``username`` with
///   ``password``;
/// - ``implicitTLSPort``: TLS from the first byte (`smtps`), AUTH as on the STARTTLS port;
/// - ``plainPort``: neither TLS nor AUTH.
///
/// Every port rejects recipients in the `rejected.example` domain with `550`. Each accepted message is written
/// to ``mailDirectory`` as a JSON file: the envelope, the exact message bytes (Base64), the AUTH mechanism and
/// whether the connection was encrypted. The server exits when stopped, when this process goes away (its
/// standard input closes), or after its lifetime (two minutes unless the caller asks for more).
public struct SMTPPeer: Sendable {
    /// The one login the server accepts.
    public static let username = "alerts"
    /// Its password.
    public static let password = "s3cret-Pa55word"

    public let startTLSPort: Int
    public let implicitTLSPort: Int
    public let plainPort: Int
    /// The PEM certificate the server presents, which is its own CA.
    public let certificatePath: String
    /// Where accepted messages are written.
    public let mailDirectory: String

    /// One accepted message as the server recorded it.
    public struct Delivery: Decodable, Sendable {
        public var from: String
        public var recipients: [String]
        public var message: Data
        public var mechanism: String?
        public var login: String?
        public var encrypted: Bool
        /// The name the client gave in `EHLO` or `HELO`.
        public var helo: String?
    }

    /// Whether `python3` can import `aiosmtpd`.
    public static let hasAiosmtpd: Bool = {
        guard let python = TLSPeer.python else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import aiosmtpd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// Whether the tests that need the server should run: always under CI (where a missing tool fails them),
    /// elsewhere when `python3` with `aiosmtpd` and `openssl` exist.
    public static var shouldRun: Bool { TLSPeer.isCI || (TLSPeer.openssl != nil && hasAiosmtpd) }

    /// The messages accepted so far, in the order they arrived.
    public func deliveries() throws -> [Delivery] {
        let names = try FileManager.default.contentsOfDirectory(atPath: mailDirectory).filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: mailDirectory).appendingPathComponent(name))
            return try JSONDecoder().decode(Delivery.self, from: data)
        }
    }

    /// Starts a server that lives at most `lifetime`, runs `body`, stops the server and removes its files.
    public static func with<T: Sendable>(
        lifetime: Duration = .seconds(120), _ body: @Sendable (SMTPPeer) async throws -> T
    ) async throws -> T {
        guard let python = TLSPeer.python, let openssl = TLSPeer.openssl else {
            throw TLSPeerError.missingTool("python3 and openssl must be on PATH")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("transport-smtp-\(UUID().uuidString)")
        let mail = directory.appendingPathComponent("mail")
        try FileManager.default.createDirectory(at: mail, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (key, certificate) = try await TLSPeer.makeCertificate(openssl: openssl, in: directory)
        let script = directory.appendingPathComponent("smtp_peer.py").path
        let portFile = directory.appendingPathComponent("ports").path
        try peerScript.write(toFile: script, atomically: true, encoding: .utf8)

        let arguments = [certificate, key, portFile, mail.path, username, password, "\(lifetime.components.seconds)"]
        return try await TLSPeer.runPeer(python: python, script: script, arguments: arguments, in: directory, portFile: portFile) { ports in
            guard ports.count == 3 else { throw TLSPeerError.didNotStart("the server wrote \(ports.count) ports, not 3") }
            return try await body(
                SMTPPeer(
                    startTLSPort: ports[0], implicitTLSPort: ports[1], plainPort: ports[2], certificatePath: certificate,
                    mailDirectory: mail.path))
        }
    }

    private static let peerScript = """
        import asyncio, base64, json, os, signal, ssl, sys, threading

        from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

        certificate, key, port_file, mail_directory, username, password, lifetime_seconds = sys.argv[1:8]

        \(TLSPeer.lifeline(seconds: "float(lifetime_seconds)"))

        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login == username.encode() and auth_data.password == password.encode())
            if ok:
                session.deskwatch_mechanism = mechanism
                session.deskwatch_login = auth_data.login.decode()
            # handled=False: aiosmtpd then answers a failure with its own 535 reply.
            return AuthResult(success=ok, handled=False, auth_data=auth_data)

        class Handler:
            def __init__(self):
                self.count = 0

            async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
                if address.lower().endswith("@rejected.example"):
                    return "550 5.1.1 <%s>: Recipient address rejected: no such user" % address
                envelope.rcpt_tos.append(address)
                return "250 OK"

            async def handle_DATA(self, server, session, envelope):
                self.count += 1
                transport = server.transport
                record = {
                    "from": envelope.mail_from,
                    "recipients": envelope.rcpt_tos,
                    "message": base64.b64encode(envelope.original_content).decode(),
                    "mechanism": getattr(session, "deskwatch_mechanism", None),
                    "login": getattr(session, "deskwatch_login", None),
                    "helo": session.host_name,
                    "encrypted": transport is not None and transport.get_extra_info("ssl_object") is not None,
                }
                name = os.path.join(mail_directory, "%d-%06d.json" % (server.port_tag, self.count))
                with open(name + ".tmp", "w") as handle:
                    json.dump(record, handle)
                os.replace(name + ".tmp", name)
                return "250 2.0.0 Message accepted"

        def tagged(tag, **options):
            def factory():
                server = SMTP(Handler_instance, hostname="smtp.test", decode_data=False, **options)
                server.port_tag = tag
                return server
            return factory

        Handler_instance = Handler()
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)

        async def main():
            loop = asyncio.get_running_loop()
            starttls = await loop.create_server(
                tagged(1, tls_context=context, require_starttls=True, authenticator=authenticate,
                       auth_required=True, auth_require_tls=True),
                "127.0.0.1", 0)
            implicit = await loop.create_server(
                tagged(2, authenticator=authenticate, auth_required=True, auth_require_tls=False),
                "127.0.0.1", 0, ssl=context)
            plain = await loop.create_server(tagged(3), "127.0.0.1", 0)
            ports = [server.sockets[0].getsockname()[1] for server in (starttls, implicit, plain)]
            with open(port_file + ".tmp", "w") as handle:
                handle.write(" ".join(str(port) for port in ports))
            os.replace(port_file + ".tmp", port_file)
            await asyncio.Event().wait()

        asyncio.run(main())
        """
}
