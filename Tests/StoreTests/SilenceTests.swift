import Foundation
import GRDB
import Rules
import Store
import Testing

/// Silences in the state database: added, listed, expired, and what they match.
struct SilenceTests {
    static let now = 1_764_028_800

    func matchers(_ texts: String...) throws -> [LabelMatcher] {
        try texts.map { try LabelMatcher(parsing: $0) }
    }

    @discardableResult
    func add(
        _ store: SessionStore, _ matchers: [LabelMatcher], from start: Int = now, until end: Int = now + 7200, at time: Int = now
    ) throws -> Silence {
        try store.addSilence(matchers: matchers, startsAt: start, endsAt: end, createdBy: "li.wei", comment: "queue 3070 closed", now: time)
    }

    @Test func aSilenceReadsBackAsItWasAdded() throws {
        let store = try SessionStore.inMemory()
        let added = try add(store, try matchers("AgentGroupId=3070", "alertname=~abandon.*"))
        #expect(added.id.count == 12)
        #expect(added.id.allSatisfy { $0.isHexDigit })

        let listed = try store.silences(at: Self.now)
        #expect(listed == [added])
        #expect(try store.silence(id: added.id) == added)
        #expect(listed.first?.matchers.map(\.description) == ["AgentGroupId=3070", "alertname=~abandon.*"])
        #expect(listed.first?.createdBy == "li.wei")
        #expect(listed.first?.comment == "queue 3070 closed")
        #expect(listed.first?.state(at: Self.now) == .active)
    }

    @Test func eachSilenceGetsItsOwnId() throws {
        let store = try SessionStore.inMemory()
        let ids = try (0..<20).map { _ in try add(store, try matchers("AgentGroupId=3070")).id }
        #expect(Set(ids).count == 20)
    }

    @Test func theListHoldsPendingAndActiveSilencesAndAllOfThemOnRequest() throws {
        let store = try SessionStore.inMemory()
        let active = try add(store, try matchers("AgentGroupId=1"))
        let pending = try add(store, try matchers("AgentGroupId=2"), from: Self.now + 3600, until: Self.now + 7200)
        let ended = try add(store, try matchers("AgentGroupId=3"), from: Self.now - 7200, until: Self.now - 60, at: Self.now - 7200)
        let expired = try add(store, try matchers("AgentGroupId=4"))
        try store.expireSilence(id: expired.id, at: Self.now)

        #expect(try store.silences(at: Self.now).map(\.id) == [active.id, pending.id])
        #expect(try Set(store.silences(at: Self.now, all: true).map(\.id)) == [active.id, pending.id, ended.id, expired.id])
        #expect(pending.state(at: Self.now) == .pending)
        #expect(try store.silence(id: ended.id)?.state(at: Self.now) == .expired)
        #expect(try store.silence(id: expired.id)?.state(at: Self.now) == .expired)
    }

    @Test func expiringEndsASilenceAtOnce() throws {
        let store = try SessionStore.inMemory()
        let silence = try add(store, try matchers("AgentGroupId=3070"))
        let labels = ["AgentGroupId": "3070", "alertname": "no-agents"]
        #expect(silence.matches(labels: labels, at: Self.now + 60))

        let expired = try store.expireSilence(id: silence.id, at: Self.now + 120)
        #expect(expired.expiredAt == Self.now + 120)
        #expect(expired.matches(labels: labels, at: Self.now + 60))
        #expect(!expired.matches(labels: labels, at: Self.now + 120))
        #expect(try store.silences(at: Self.now + 120).isEmpty)
    }

    @Test func expiringAnUnknownOrExpiredSilenceFails() throws {
        let store = try SessionStore.inMemory()
        #expect(throws: SilenceError(code: .unknown, message: "no silence has the id `0123456789ab`")) {
            try store.expireSilence(id: "0123456789ab", at: Self.now)
        }
        let silence = try add(store, try matchers("AgentGroupId=3070"))
        try store.expireSilence(id: silence.id, at: Self.now + 60)
        #expect(throws: SilenceError(code: .alreadyExpired, message: "silence \(silence.id) was already expired at 2025-11-25T00:01:00Z")) {
            try store.expireSilence(id: silence.id, at: Self.now + 120)
        }
        let over = try add(store, try matchers("AgentGroupId=1"), until: Self.now + 600)
        #expect(throws: SilenceError(code: .alreadyExpired, message: "silence \(over.id) already ended at 2025-11-25T00:10:00Z")) {
            try store.expireSilence(id: over.id, at: Self.now + 900)
        }
    }

    @Test func refusesASilenceThatCannotDoAnythingUseful() throws {
        let store = try SessionStore.inMemory()
        func code(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "added"
            } catch {
                return "\(error)"
            }
        }
        #expect(code { try add(store, []) } == "a silence needs at least one matcher")
        #expect(code { try add(store, try matchers("team!=ops")) }.hasPrefix("the matchers team!=ops would silence every alert"))
        #expect(code { try add(store, try matchers("a=1"), from: Self.now, until: Self.now) } == "a silence must end after it starts")
        #expect(
            code { try add(store, try matchers("a=1"), from: Self.now - 600, until: Self.now - 60) } == "the silence would already be over")
        #expect(
            code {
                try store.addSilence(matchers: try matchers("a=1"), startsAt: 0, endsAt: Self.now + 1, createdBy: " ", comment: "x", now: Self.now)
            }
                == "a silence needs an author")
        #expect(try store.silences(at: Self.now, all: true).isEmpty)
    }

    @Test func aSilenceMatchesWhileActiveAndWhenEveryMatcherDoes() throws {
        let silence = Silence(
            id: "s1", matchers: try matchers("AgentGroupId=~30.*", "severity=warning"), startsAt: 100, endsAt: 200, createdBy: "a",
            comment: "c", createdAt: 50)
        let labels = ["AgentGroupId": "3070", "severity": "warning"]
        #expect(!silence.matches(labels: labels, at: 99))
        #expect(silence.matches(labels: labels, at: 100))
        #expect(silence.matches(labels: labels, at: 199))
        #expect(!silence.matches(labels: labels, at: 200))
        #expect(!silence.matches(labels: ["AgentGroupId": "3070", "severity": "critical"], at: 150))
        #expect(!silence.matches(labels: ["severity": "warning"], at: 150))
    }

    /// A file written by the schema before silences (v3), with a firing in its history and a
    /// message in its outbox, opens with both intact and takes silences.
    @Test func migratesADatabaseWrittenBeforeSilences() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("deskwatch-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("state.sqlite").path
        let firing = Transition(
            rule: "no-agents", severity: .critical, group: AlertGroup(labels: [.init(field: .agentGroupID, value: "3070")]), event: .firing,
            from: .inactive, to: .firing, at: 1000, measurement: Measurement(verdict: .holds, value: 3, threshold: "≥ 1"), firedAt: 1000)
        let body = String(decoding: try JSONEncoder().encode(firing), as: UTF8.self)
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            try db.execute(sql: "PRAGMA application_id = \(0x4453_574B)")
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1-sessions'), ('v2-alerts'), ('v3-outbox')")
            try db.execute(
                sql: """
                    CREATE TABLE session (id INTEGER PRIMARY KEY, source TEXT NOT NULL, session_id TEXT NOT NULL, timestamp INTEGER NOT NULL,
                        agent_group_id TEXT NOT NULL, agent_group_name TEXT NOT NULL, agent_id TEXT NOT NULL, channel_type TEXT NOT NULL,
                        client_user_id TEXT NOT NULL, client_user_nickname TEXT NOT NULL, duration INTEGER NOT NULL,
                        end_status TEXT NOT NULL, satisfaction INTEGER, first_seen INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                    CREATE UNIQUE INDEX session_key ON session (source, session_id);
                    CREATE INDEX session_by_time ON session (source, timestamp);
                    CREATE TABLE ingest_cursor (source TEXT PRIMARY KEY NOT NULL, covered_until INTEGER NOT NULL, updated_at INTEGER NOT NULL);
                    CREATE TABLE alert_state (rule TEXT PRIMARY KEY NOT NULL, definition_hash TEXT NOT NULL, state TEXT NOT NULL,
                        updated_at INTEGER NOT NULL);
                    CREATE TABLE alert_transition (id INTEGER PRIMARY KEY, transition_id TEXT NOT NULL UNIQUE, rule TEXT NOT NULL,
                        alert_group TEXT NOT NULL, event TEXT NOT NULL, severity TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);
                    CREATE INDEX alert_transition_by_time ON alert_transition (at);
                    CREATE TABLE monitor_meta (key TEXT PRIMARY KEY NOT NULL, value INTEGER NOT NULL);
                    CREATE TABLE outbox (id INTEGER PRIMARY KEY, message_id TEXT NOT NULL UNIQUE, receiver TEXT NOT NULL,
                        transitions TEXT NOT NULL, created_at INTEGER NOT NULL, next_attempt_at INTEGER NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0, state TEXT NOT NULL DEFAULT 'pending', last_error TEXT, finished_at INTEGER);
                    CREATE INDEX outbox_pending ON outbox (state, receiver, id);
                    """)
            try db.execute(
                sql: "INSERT INTO alert_transition (transition_id, rule, alert_group, event, severity, at, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [firing.id, firing.rule, firing.group.description, "firing", "critical", 1000, body])
            try db.execute(
                sql: "INSERT INTO outbox (message_id, receiver, transitions, created_at, next_attempt_at) VALUES (?, ?, ?, ?, ?)",
                arguments: ["m1", "ops-chat", "[\(body)]", 1000, 1000])
        }
        try old.close()

        let store = try SessionStore.open(path: path)
        #expect(try store.transitions().map(\.id) == [firing.id])
        #expect(try store.outboxMessages().map(\.receiver) == ["ops-chat"])
        // The firing recorded before silences existed counts as sent, so its resolve goes out.
        var resolve = firing
        resolve.event = .resolved
        resolve.at = 2000
        #expect(try store.wasAnnounced(resolve))
        let silence = try add(store, try matchers("AgentGroupId=3070"))
        #expect(try store.silences(at: Self.now) == [silence])
        #expect(try store.integrityCheck() == "ok")
    }
}
