import DeskAPI
import Foundation

/// Reads records written as JSON Lines (one record per line with the API's field names, as
/// `deskwatch fetch` writes them), a chunk at a time, so a file of millions of records is never
/// held in memory at once.
public struct JSONLinesReader {
    /// The file as the caller named it (`-` for standard input).
    public let path: String
    /// How many records are handed to the caller at a time.
    public var batchSize: Int

    /// Creates a reader of `path` (`-` for standard input).
    public init(path: String, batchSize: Int = 5000) {
        self.path = path
        self.batchSize = max(1, batchSize)
    }

    /// Calls `body` with the records of the file, in file order, `batchSize` at a time. Blank lines
    /// are skipped.
    ///
    /// - Throws: ``ExportError`` naming the file and line when the file cannot be read or a line
    ///   is not a session record; whatever `body` throws.
    public func forEachBatch(_ body: ([SessionRecord]) throws -> Void) throws {
        let handle: FileHandle
        if path == "-" {
            handle = FileHandle.standardInput
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ExportError(message: "\(path): the file does not exist")
            }
            guard !isDirectory.boolValue else { throw ExportError(message: "\(path): is a folder, not a JSON Lines file") }
            guard let opened = FileHandle(forReadingAtPath: path) else {
                throw ExportError(message: "\(path): cannot open the file for reading; check its permissions")
            }
            handle = opened
        }
        defer { if path != "-" { try? handle.close() } }
        let decoder = JSONDecoder()
        var pending: [UInt8] = []
        var batch: [SessionRecord] = []
        batch.reserveCapacity(batchSize)
        var lineNumber = 0
        func decodeLine(_ bytes: ArraySlice<UInt8>) throws {
            lineNumber += 1
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) else { return }
            do {
                batch.append(try decoder.decode(SessionRecord.self, from: Data(bytes)))
            } catch {
                throw ExportError(message: "\(path):\(lineNumber): not a session record: \(Self.describe(error))")
            }
            if batch.count >= batchSize {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        while true {
            let chunk: Data?
            do {
                chunk = try handle.read(upToCount: 1 << 20)
            } catch {
                throw ExportError(message: "\(path): cannot read the file: \(error.localizedDescription)")
            }
            guard let chunk, !chunk.isEmpty else { break }
            pending.append(contentsOf: chunk)
            var start = pending.startIndex
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                try decodeLine(pending[start..<newline])
                start = newline + 1
            }
            pending.removeSubrange(pending.startIndex..<start)
        }
        if !pending.isEmpty { try decodeLine(pending[...]) }
        if !batch.isEmpty { try body(batch) }
    }

    /// A decoding error in a sentence: which field, and what was wrong with it.
    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).filter { !$0.isEmpty }
            return keys.isEmpty ? "" : "\(keys.joined(separator: ".")): "
        }
        switch decoding {
        case .dataCorrupted(let context): return path(context) + "not valid JSON or a value of the wrong form"
        case .keyNotFound(let key, _): return "the field \(key.stringValue) is missing"
        case .typeMismatch(_, let context): return path(context) + context.debugDescription
        case .valueNotFound(_, let context): return path(context) + "a value is missing"
        @unknown default: return "\(decoding)"
        }
    }
}
