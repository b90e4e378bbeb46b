import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An HTTPS peer with a freshly generated self-signed certificate for `127.0.0.1`: the `openssl` command line
/// makes the key and certificate in a temporary directory, and a small Python `ssl` + `http.server` script
/// serves `GET` requests with `tls ok` on a free loopback port. The peer exits when stopped, when this process
/// goes away (its standard input closes), or after two minutes.
public struct TLSPeer: Sendable {
    /// The port the peer listens on.
    public let port: Int
    /// The PEM certificate the peer presents, which is its own CA.
    public let certificatePath: String

    /// `https://127.0.0.1:<port>/`.
    public var url: String { "https://127.0.0.1:\(port)/" }

    /// Whether CI is running the tests (`CI=true`). There a missing tool fails the test instead of skipping it.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// `python3` on `PATH`, if any.
    public static var python: String? { executable(named: "python3") }

    /// `openssl` on `PATH`, if any.
    public static var openssl: String? { executable(named: "openssl") }

    /// Whether the tests that need a TLS peer should run: always under CI, elsewhere when the tools exist.
    public static var shouldRun: Bool { isCI || (python != nil && openssl != nil) }

    /// A self-signed certificate for 127.0.0.1 and its key, made with `openssl` in `directory`.
    static func makeCertificate(openssl: String, in directory: URL) async throws -> (key: String, certificate: String) {
        let key = directory.appendingPathComponent("key.pem").path
        let certificate = directory.appendingPathComponent("cert.pem").path
        try await runToCompletion(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", key, "-out", certificate, "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1",
            ],
            log: directory.appendingPathComponent("openssl.log")
        )
        return (key, certificate)
    }

    /// Starts a peer, runs `body`, stops the peer and removes its files.
    public static func with<T: Sendable>(_ body: @Sendable (TLSPeer) async throws -> T) async throws -> T {
        guard let python, let openssl else { throw TLSPeerError.missingTool("python3 and openssl must be on PATH") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("transport-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (key, certificate) = try await makeCertificate(openssl: openssl, in: directory)
        let script = directory.appendingPathComponent("peer.py").path
        let portFile = directory.appendingPathComponent("port").path
        try peerScript.write(toFile: script, atomically: true, encoding: .utf8)

        return try await runPeer(python: python, script: script, arguments: [certificate, key, portFile], in: directory, portFile: portFile) {
            ports in try await body(TLSPeer(port: ports[0], certificatePath: certificate))
        }
    }

    /// Runs `python script arguments…` with its standard input on a pipe (the peer exits when it
    /// closes), its output discarded and its errors in `peer.log` in `directory`; waits until it has
    /// written its ports, separated by spaces, to `portFile`; runs `body` with them; stops it.
    static func runPeer<T: Sendable>(
        python: String, script: String, arguments: [String], in directory: URL, portFile: String, _ body: ([Int]) async throws -> T
    ) async throws -> T {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        let stdin = Pipe()
        process.standardInput = stdin
        process.standardOutput = FileHandle.nullDevice
        let errorLog = directory.appendingPathComponent("peer.log")
        _ = FileManager.default.createFile(atPath: errorLog.path, contents: nil)
        let errorHandle = try FileHandle(forWritingTo: errorLog)
        defer { try? errorHandle.close() }
        process.standardError = errorHandle
        try process.run()
        let outcome: Result<T, any Error>
        do {
            outcome = .success(try await body(try await waitForPorts(in: portFile, of: process, log: errorLog)))
        } catch {
            outcome = .failure(error)
        }
        await stop(process, input: stdin)
        return try outcome.get()
    }

    /// Waits until the peer has written its ports, without blocking a thread.
    private static func waitForPorts(in portFile: String, of process: Process, log: URL) async throws -> [Int] {
        let deadline = ContinuousClock.now + .seconds(20)
        while true {
            // Written to another name, then renamed: complete when it is there.
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8) {
                let ports = text.split(separator: " ").compactMap { Int($0) }
                if !ports.isEmpty { return ports }
            }
            guard process.isRunning, ContinuousClock.now < deadline else {
                throw TLSPeerError.didNotStart((try? String(contentsOf: log, encoding: .utf8)) ?? "")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops the peer: closing its standard input makes it exit; SIGTERM, then SIGKILL, if it does not.
    static func stop(_ process: Process, input: Pipe) async {
        try? input.fileHandleForWriting.close()
        if await exited(process, within: .seconds(3)) { return }
        process.terminate()
        if await exited(process, within: .seconds(3)) { return }
        kill(process.processIdentifier, SIGKILL)
        _ = await exited(process, within: .seconds(3))
    }

    /// Polls `process` instead of `waitUntilExit()`, which would block a thread of the cooperative pool.
    static func exited(_ process: Process, within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        while process.isRunning && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !process.isRunning
    }

    static func runToCompletion(_ executable: String, _ arguments: [String], log: URL) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        guard await exited(process, within: .seconds(30)) else {
            process.terminate()
            throw TLSPeerError.toolFailed("\(executable) did not finish")
        }
        try? handle.close()
        guard process.terminationStatus == 0 else {
            throw TLSPeerError.toolFailed((try? String(contentsOf: log, encoding: .utf8)) ?? "")
        }
    }

    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }

    /// The Python lines each peer script starts with (it imports `os`, `signal`, `sys` and
    /// `threading`): SIGTERM ends it, and it exits when the test process goes away (its standard
    /// input closes) or after `seconds` (a Python expression), whichever comes first.
    static func lifeline(seconds: String) -> String {
        """
        # The parent may ignore or block SIGTERM, and children inherit that.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})

        def exit_when_parent_goes_away():
            try:
                sys.stdin.read()
            finally:
                os._exit(0)

        threading.Thread(target=exit_when_parent_goes_away, daemon=True).start()
        lifetime = threading.Timer(\(seconds), lambda: os._exit(0))
        lifetime.daemon = True
        lifetime.start()
        """
    }

    private static let peerScript = """
        import http.server, os, signal, ssl, sys, threading

        certificate, key, port_file = sys.argv[1:4]

        \(lifeline(seconds: "120"))

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                body = b"tls ok"
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(certificate, key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        with open(port_file + ".tmp", "w") as handle:
            handle.write(str(server.server_address[1]))
        os.replace(port_file + ".tmp", port_file)
        server.serve_forever()
        """
}

/// Why a ``TLSPeer`` could not be used.
public enum TLSPeerError: Error {
    case missingTool(String)
    case toolFailed(String)
    case didNotStart(String)
}
