import Foundation
import GRDB
import Rules

/// The state database: sessions by source and `SessionId`, ingestion cursors, and what later
/// features add through migrations.
///
/// SQLite in WAL mode: readers never block the writer and the writer never blocks readers.
/// Every change is a transaction, so a crash leaves the file as it was before or after a write,
/// never in between.
public final class SessionStore: Sendable {
    /// The database file (`:memory:` for an in-memory store).
    public let path: String
    let writer: any DatabaseWriter

    private init(path: String, writer: any DatabaseWriter) {
        self.path = path
        self.writer = writer
    }

    /// Opens (creating it with mode 0600 on first use) and migrates the database at `path`.
    ///
    /// - Throws: ``StoreError`` when the file cannot be created, is not a deskwatch database, is
    ///   damaged, or was written by a newer deskwatch. The file is not changed in those cases.
    public static func open(path: String) throws -> SessionStore {
        try createPrivately(path)
        try inspectReadOnly(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            let cacheKiB = db.configuration.readonly ? Self.readerCacheKiB : Self.writerCacheKiB
            try db.execute(sql: "PRAGMA cache_size = -\(cacheKiB)")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw classify(error, path: path)
        }
        let store = SessionStore(path: path, writer: pool)
        try store.prepareSchema()
        return store
    }

    /// The page cache of the connection that writes, in KiB, between large writes. Each poll
    /// looks up the sessions it read again by key; the pages it needs are in the system's file
    /// cache, and a larger cache here would only grow with every poll that touches new ones.
    static let writerCacheKiB = 1024
    /// The page cache of the connection that writes while it stores a large batch, in KiB. A
    /// back-fill looks up every session it stores, so the pages are worth keeping while it lasts
    /// (with 8 MB, a million sessions are written about a fifth slower);
    /// ``releaseWriterMemory()`` gives them back when it is over.
    static let bulkWriterCacheKiB = 32768
    /// How many sessions make an ingest a large batch (a poll in step with its source stores
    /// far fewer).
    static let bulkIngest = 2000
    /// The page cache of each reading connection, in KiB. Readers mostly scan (the rule windows'
    /// warm-up, exports, backtests) and read each page once; a large cache would only keep what
    /// they passed over in memory for as long as the connection lives.
    static let readerCacheKiB = 2048

    /// A store that lives in memory, for tests and one-off runs.
    public static func inMemory() throws -> SessionStore {
        let store = SessionStore(path: ":memory:", writer: try DatabaseQueue())
        try store.prepareSchema()
        return store
    }

    /// Looks at an existing file without writing to it: a file that belongs to another program
    /// or to a newer deskwatch is refused before anything could change it.
    private static func inspectReadOnly(_ path: String) throws {
        guard path != ":memory:", let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int, size > 0 else {
            return
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.read { db in try check(db, path: path) }
            try queue.close()
        } catch {
            throw classify(error, path: path)
        }
    }

    /// Refuses a database of another program or of a newer deskwatch.
    private static func check(_ db: Database, path: String) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
        guard applicationID == StoreSchema.applicationID || (applicationID == 0 && tables == 0) else {
            throw StoreError(
                code: .foreign, path: path, message: "the file is an SQLite database of another program; point `state:` at a file of its own")
        }
        let migrator = StoreSchema.migrator
        if try migrator.hasBeenSuperseded(db) {
            let unknown = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations).sorted()
            throw StoreError(
                code: .newerSchema, path: path,
                message:
                    "written by a newer deskwatch (schema \(unknown.joined(separator: ", ")) is unknown to this version); "
                    + "run that version, or point `state:` at another file. The file was not changed.")
        }
    }

    /// Marks a new file as deskwatch's and applies pending migrations.
    private func prepareSchema() throws {
        let migrator = StoreSchema.migrator
        do {
            try writer.writeWithoutTransaction { db in
                try Self.check(db, path: path)
                if try Int32.fetchOne(db, sql: "PRAGMA application_id") != StoreSchema.applicationID {
                    try db.execute(sql: "PRAGMA application_id = \(StoreSchema.applicationID)")
                }
            }
            try migrator.migrate(writer)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Creates the file with owner-only permissions if it does not exist yet, so that neither
    /// the database nor its WAL files are ever readable by others.
    private static func createPrivately(_ path: String) throws {
        guard path != ":memory:" else { return }
        let descriptor = Foundation.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o600)
        if descriptor >= 0 {
            close(descriptor)
            return
        }
        guard errno == EEXIST else {
            throw StoreError(code: .cannotOpen, path: path, message: "cannot create the file: \(String(cString: strerror(errno)))")
        }
    }

    static func classify(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_NOTADB, .SQLITE_CORRUPT:
                return StoreError(
                    code: .corrupt, path: path,
                    message: "not a database or damaged (\(error.message ?? "\(error.resultCode)")); move it aside and start again")
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_READONLY, .SQLITE_IOERR:
                return StoreError(code: .cannotOpen, path: path, message: "cannot open: \(error.message ?? "\(error.resultCode)")")
            default:
                return StoreError(code: .query, path: path, message: error.message ?? "\(error.resultCode)")
            }
        }
        return StoreError(code: .query, path: path, message: "\(error)")
    }

    /// Runs `body` in a write transaction, mapping database errors to ``StoreError``.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Runs `body` in a write transaction on the database's own queue, without holding a thread
    /// of the caller's while it waits.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// Runs `body` on a read snapshot, mapping database errors to ``StoreError``.
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw Self.classify(error, path: path)
        }
    }

    /// After a large write (a back-fill), shrinks the writing connection's page cache back to its
    /// size between large writes and gives back its memory: the following small writes do not
    /// need those pages. Does nothing when no large write raised it.
    ///
    /// - Returns: whether the cache had grown and was shrunk.
    @discardableResult
    public func releaseWriterMemory() async -> Bool {
        let released = try? await writer.writeWithoutTransaction { db in
            guard try Int.fetchOne(db, sql: "PRAGMA cache_size") != -Self.writerCacheKiB else { return false }
            try db.execute(sql: "PRAGMA cache_size = -\(Self.writerCacheKiB)")
            db.releaseMemory()
            return true
        }
        return released ?? false
    }

    /// `PRAGMA integrity_check`: `ok`, or what SQLite found wrong.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }
}
