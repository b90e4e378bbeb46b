import Foundation
import TestPeers

/// A webhook receiver on loopback (Python's http.server) that records each request when it
/// arrives, then takes `delay` seconds to answer 200. It stops with the test (``stop()``).
final class WebhookReceiver: Sendable {
    /// One request as it arrived: its path and the fields of its JSON body that tests look at.
    struct Request: Sendable {
        var path: String
        /// The message's `id`.
        var id: String
        /// `firing` or `resolved`.
        var status: String
        /// The body as sent.
        var body: String
    }

    static let script = """
        import http.server, json, os, sys, time
        log, port_file, delay = sys.argv[1], sys.argv[2], float(sys.argv[3])
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                with open(log, "a") as f:
                    f.write(json.dumps({"path": self.path, "body": json.loads(body)}) + "\\n")
                time.sleep(delay)
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        with open(port_file + ".tmp", "w") as f:
            f.write(str(server.server_address[1]))
        os.rename(port_file + ".tmp", port_file)
        server.serve_forever()
        """

    let port: Int
    private let process: Process
    private let log: URL

    private init(port: Int, process: Process, log: URL) {
        self.port = port
        self.process = process
        self.log = log
    }

    /// `http://127.0.0.1:<port>`.
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts a receiver with its files in `folder`.
    static func start(in folder: TemporaryFolder, delay: Double = 0) async throws -> WebhookReceiver {
        guard let python = TLSPeer.python else { throw TLSPeerError.missingTool("python3 must be on PATH for the webhook receiver") }
        let log = folder.url.appendingPathComponent("requests.log")
        let portFile = folder.url.appendingPathComponent("receiver-port").path
        let script = try folder.write("receiver.py", Self.script)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, log.path, portFile, "\(delay)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = try await CommandRunner.wait(upTo: 20) { FileManager.default.fileExists(atPath: portFile) }
        guard started, let port = Int(try String(contentsOfFile: portFile, encoding: .utf8)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TLSPeerError.didNotStart("the webhook receiver did not start")
        }
        return WebhookReceiver(port: port, process: process, log: log)
    }

    /// The requests received so far, in the order they arrived.
    var requests: [Request] {
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let body = object["body"] as? [String: Any],
                let bodyData = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            else { return nil }
            return Request(
                path: object["path"] as? String ?? "", id: body["id"] as? String ?? "", status: body["status"] as? String ?? "",
                body: String(decoding: bodyData, as: UTF8.self))
        }
    }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}
