import DeskAPI
import Foundation

/// Writes records as JSON Lines to standard output or to a file.
///
/// A file is written under a temporary name beside its destination and renamed into place only
/// when ``finish()`` is called, so an interrupted export never leaves a half-written file under
/// the requested name.
public final class JSONLinesWriter {
    private let handle: FileHandle
    private let destination: String?
    private let temporaryPath: String?
    private let encoder: JSONEncoder
    private var buffer = Data()

    /// - Parameter path: the output file, or `nil` (or `-`) for standard output.
    public init(path: String?) throws {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let path, path != "-" else {
            handle = FileHandle.standardOutput
            destination = nil
            temporaryPath = nil
            return
        }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil) else {
            throw ExportError(message: "cannot create \(temporary): check that the folder exists and is writable")
        }
        guard let handle = FileHandle(forWritingAtPath: temporary) else {
            throw ExportError(message: "cannot open \(temporary) for writing")
        }
        self.handle = handle
        destination = path
        temporaryPath = temporary
    }

    /// Appends records, one JSON object per line.
    public func write(_ records: some Sequence<SessionRecord>) throws {
        for record in records {
            buffer.append(try encoder.encode(record))
            buffer.append(0x0A)
        }
        if buffer.count > 1 << 20 { try flush() }
    }

    /// Writes what is buffered and, for a file, moves it into place.
    public func finish() throws {
        try flush()
        guard let destination, let temporaryPath else { return }
        try handle.synchronize()
        try handle.close()
        if rename(temporaryPath, destination) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw ExportError(message: "cannot move the export into place at \(destination): \(reason)")
        }
    }

    /// Removes the partial file after a failure.
    public func abandon() {
        guard let temporaryPath else { return }
        try? handle.close()
        try? FileManager.default.removeItem(atPath: temporaryPath)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        do {
            try handle.write(contentsOf: buffer)
        } catch {
            throw ExportError(message: "cannot write \(destination ?? "standard output"): \(error.localizedDescription)")
        }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// An export that could not be written.
public struct ExportError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
