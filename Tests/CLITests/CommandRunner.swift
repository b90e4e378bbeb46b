import Foundation

/// Runs the built `deskwatch` binary as a child process, the way a user would.
struct CommandRunner {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `deskwatch` executable next to the test bundle (or `DESKWATCH_BIN`).
    static var binary: URL {
        if let explicit = ProcessInfo.processInfo.environment["DESKWATCH_BIN"] { return URL(fileURLWithPath: explicit) }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        while folder.path != "/" {
            let candidate = folder.appendingPathComponent("deskwatch")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return testBinary.deletingLastPathComponent().appendingPathComponent("deskwatch")
    }

    /// Runs `deskwatch arguments...` without blocking a thread, with output captured in files;
    /// with `killAfter`, sends it SIGKILL after that long if it is still running (or, with
    /// `signal`, that signal).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], in directory: URL? = nil, killAfter: Duration? = nil,
        signal: Int32 = SIGKILL
    ) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)

        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["DESK_SECRET_KEY"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)

        let status: Int32 = try await withThrowingTaskGroup(of: Int32?.self) { group in
            group.addTask {
                try await withCheckedThrowingContinuation { continuation in
                    process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
                    do {
                        try process.run()
                    } catch {
                        process.terminationHandler = nil
                        continuation.resume(throwing: error)
                    }
                }
            }
            if let killAfter {
                group.addTask {
                    try? await Task.sleep(for: killAfter)
                    if process.isRunning { kill(process.processIdentifier, signal) }
                    return nil
                }
            }
            var status: Int32 = -1
            for try await result in group {
                if let result {
                    status = result
                    // The process ended: no signal is due any more.
                    group.cancelAll()
                }
            }
            return status
        }
        return Result(
            status: status,
            stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
    }
}

extension CommandRunner {
    /// Starts `deskwatch arguments...` in the background, its standard error written to `url`.
    static func start(_ arguments: [String], log url: URL) throws -> Process {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: url)
        try process.run()
        return process
    }

    /// Checks `condition` every 100 ms until it holds or `seconds` have passed; whether it held.
    static func wait(upTo seconds: Double, until condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < deadline {
            if condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return condition()
    }
}

/// A temporary folder removed at the end of a test.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ name: String, _ text: String, permissions: Int = 0o600) throws -> String {
        let path = url.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: path)
        return path
    }
}
