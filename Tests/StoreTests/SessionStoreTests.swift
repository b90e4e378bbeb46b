import Foundation
import GRDB
import Rules
import Store
import Testing

/// The state database: keys, updates, cursors, permissions, and files it must refuse.
struct SessionStoreTests {
    private func temporaryPath() throws -> (folder: URL, path: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (folder, folder.appendingPathComponent("state.sqlite").path)
    }

    private func session(_ id: String, at timestamp: Int, rating: Int? = nil, status: String = "AgentEndedSession") -> Session {
        Session(
            source: "cn", sessionID: id, agentGroupID: "3067", agentGroupName: "Online customer service", agentID: "a@example.com",
            channelType: "SDK", clientUserID: "42", clientUserNickName: "小王", duration: 61, endStatus: status, satisfaction: rating,
            timestamp: timestamp)
    }

    @Test func storesEachRecordOnceAndUpdatesOneThatChanged() throws {
        let store = try SessionStore.inMemory()
        let first = try store.ingest([session("a", at: 100), session("b", at: 200)], source: "cn", now: 1000)
        #expect(first.inserted == 2)
        #expect(first.changes == [SessionChange(old: nil, new: session("a", at: 100)), SessionChange(old: nil, new: session("b", at: 200))])

        let again = try store.ingest([session("a", at: 100), session("b", at: 200, rating: 2)], source: "cn", now: 1100)
        #expect(again.inserted == 0)
        #expect(again.unchanged == 1)
        #expect(again.updated == 1)
        #expect(again.changes == [SessionChange(old: session("b", at: 200), new: session("b", at: 200, rating: 2))])

        #expect(try store.sessions(source: "cn", from: 0, to: 1000) == [session("a", at: 100), session("b", at: 200, rating: 2)])
        #expect(try store.sessionCount() == 2)
    }

    @Test func keysBySourceAndSessionId() throws {
        let store = try SessionStore.inMemory()
        try store.ingest([session("a", at: 100)], source: "cn", now: 1)
        try store.ingest([session("a", at: 100)], source: "sg", now: 1)
        #expect(try store.sessionCount(source: "cn") == 1)
        #expect(try store.sessionCount(source: "sg") == 1)
        #expect(try store.sources() == ["cn", "sg"])
    }

    @Test func theCursorMovesWithTheRecordsAndNeverBackwards() throws {
        let store = try SessionStore.inMemory()
        #expect(try store.cursor(source: "cn") == nil)
        try store.ingest([session("a", at: 100)], source: "cn", coveredUntil: 500, now: 600)
        try store.ingest([], source: "cn", coveredUntil: 300, now: 700)
        #expect(try store.cursor(source: "cn") == IngestCursor(source: "cn", coveredUntil: 500, updatedAt: 700))
    }

    @Test func createsTheDatabaseReadableByItsOwnerOnly() throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SessionStore.open(path: path)
        try store.ingest([session("a", at: 1)], source: "cn", now: 1)
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let attributes = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(file).path)
            #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0, "\(file) is readable by others")
        }
        #expect(try store.integrityCheck() == "ok")
    }

    @Test func keepsItsDataAcrossReopening() throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SessionStore.open(path: path).ingest([session("a", at: 1, rating: 5)], source: "cn", coveredUntil: 10, now: 1)
        let reopened = try SessionStore.open(path: path)
        #expect(try reopened.sessions(source: "cn", from: 0, to: 10) == [session("a", at: 1, rating: 5)])
        #expect(try reopened.cursor(source: "cn")?.coveredUntil == 10)
    }

    /// A file written by the first schema, as that version left it, opens with its rows intact.
    /// A back-fill gets a large write cache; the polls after it give the memory back.
    @Test func aLargeIngestKeepsItsWriteCacheUntilReleased() async throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SessionStore.open(path: path)
        try await store.ingest((0..<10).map { session("small-\($0)", at: $0) }, source: "cn", now: 10)
        #expect(await store.releaseWriterMemory() == false)
        try await store.ingest((0..<2000).map { session("large-\($0)", at: $0) }, source: "cn", now: 10)
        #expect(await store.releaseWriterMemory() == true)
        #expect(await store.releaseWriterMemory() == false)
        #expect(try store.sessions(source: "cn", from: 0, to: 2000).count == 2010)
    }

    @Test func migratesADatabaseWrittenByTheFirstSchema() throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: "PRAGMA application_id = \(0x4453_574B)")
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1-sessions')")
            try db.execute(
                sql: """
                    CREATE TABLE session (id INTEGER PRIMARY KEY, source TEXT NOT NULL, session_id TEXT NOT NULL, timestamp INTEGER NOT NULL,
                        agent_group_id TEXT NOT NULL, agent_group_name TEXT NOT NULL, agent_id TEXT NOT NULL, channel_type TEXT NOT NULL,
                        client_user_id TEXT NOT NULL, client_user_nickname TEXT NOT NULL, duration INTEGER NOT NULL,
                        end_status TEXT NOT NULL, satisfaction INTEGER, first_seen INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                    CREATE UNIQUE INDEX session_key ON session (source, session_id);
                    CREATE INDEX session_by_time ON session (source, timestamp);
                    CREATE TABLE ingest_cursor (source TEXT PRIMARY KEY NOT NULL, covered_until INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                    INSERT INTO session VALUES (1, 'cn', 'old-1', 50, '3067', 'Q', '', 'Web', 'u', 'n', 5, 'NoAgentsOnline', NULL, 1, 1);
                    """)
        }
        try old.close()

        let store = try SessionStore.open(path: path)
        let sessions = try store.sessions(source: "cn", from: 0, to: 100)
        #expect(sessions.map(\.sessionID) == ["old-1"])
        #expect(sessions.first?.endStatus == "NoAgentsOnline")
    }

    @Test func refusesADatabaseFromANewerVersionWithoutChangingIt() throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        try SessionStore.open(path: path).ingest([session("a", at: 1)], source: "cn", now: 1)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v9-from-the-future')") }
        try queue.close()
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        #expect {
            try SessionStore.open(path: path)
        } throws: { error in
            guard let error = error as? StoreError else { return false }
            return error.code == .newerSchema && error.description.contains("v9-from-the-future") && error.description.contains("newer deskwatch")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: path))
        #expect {
            try SessionStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .corrupt && "\(error)".contains(path)
        }
    }

    @Test func refusesAnotherProgramsDatabase() throws {
        let (folder, path) = try temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)") }
        try queue.close()
        #expect {
            try SessionStore.open(path: path)
        } throws: { error in
            (error as? StoreError)?.code == .foreign
        }
    }

    @Test func pruningDeletesOnlyOldSessionsInBatches() async throws {
        let store = try SessionStore.inMemory()
        try await store.ingest((0..<2500).map { session("old-\($0)", at: 1000 + $0) }, source: "cn", now: 1)
        try await store.ingest((0..<10).map { session("new-\($0)", at: 9000 + $0) }, source: "cn", now: 1)
        #expect(try store.pruneBatch(source: "cn", olderThan: 5000, limit: 1000) == 1000)
        #expect(try await store.prune(olderThan: 5000, batchSize: 700) == 1500)
        #expect(try store.sessionCount() == 10)
        #expect(try store.sessions(source: "cn", from: 0, to: 99_999).allSatisfy { $0.sessionID.hasPrefix("new-") })
    }

    @Test func walksSessionsInTimeOrderAChunkAtATime() throws {
        let store = try SessionStore.inMemory()
        let sessions = (0..<120).map { session(String(format: "s%03d", $0), at: 100 + $0 / 3) }
        try store.ingest(sessions.shuffled(), source: "cn", now: 1)
        var chunks: [[Session]] = []
        try store.forEachSession(source: "cn", from: 110, to: 130, chunkSize: 7) { chunks.append($0) }
        #expect(chunks.dropLast().allSatisfy { $0.count == 7 })
        #expect(chunks.flatMap { $0 } == sessions.filter { (110...130).contains($0.timestamp) })
    }
}
