import GRDB

/// The versioned schema of the state database.
///
/// Each migration runs once, in order, in its own transaction, and is recorded in the database;
/// later features add migrations at the end and never change a released one. A database that
/// holds a migration this list does not know was written by a newer deskwatch and is refused.
enum StoreSchema {
    /// `PRAGMA application_id` of a deskwatch database ("DSWK").
    static let applicationID: Int32 = 0x4453_574B

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sessions") { db in
            try db.execute(
                sql: """
                    CREATE TABLE session (
                        id INTEGER PRIMARY KEY,
                        source TEXT NOT NULL,
                        session_id TEXT NOT NULL,
                        timestamp INTEGER NOT NULL,
                        agent_group_id TEXT NOT NULL,
                        agent_group_name TEXT NOT NULL,
                        agent_id TEXT NOT NULL,
                        channel_type TEXT NOT NULL,
                        client_user_id TEXT NOT NULL,
                        client_user_nickname TEXT NOT NULL,
                        duration INTEGER NOT NULL,
                        end_status TEXT NOT NULL,
                        satisfaction INTEGER,
                        first_seen INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE UNIQUE INDEX session_key ON session (source, session_id);
                    CREATE INDEX session_by_time ON session (source, timestamp);
                    CREATE TABLE ingest_cursor (
                        source TEXT PRIMARY KEY NOT NULL,
                        covered_until INTEGER NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-alerts") { db in
            try db.execute(
                sql: """
                    CREATE TABLE alert_state (
                        rule TEXT PRIMARY KEY NOT NULL,
                        definition_hash TEXT NOT NULL,
                        state TEXT NOT NULL,
                        updated_at INTEGER NOT NULL
                    );
                    CREATE TABLE alert_transition (
                        id INTEGER PRIMARY KEY,
                        transition_id TEXT NOT NULL UNIQUE,
                        rule TEXT NOT NULL,
                        alert_group TEXT NOT NULL,
                        event TEXT NOT NULL,
                        severity TEXT NOT NULL,
                        at INTEGER NOT NULL,
                        body TEXT NOT NULL
                    );
                    CREATE INDEX alert_transition_by_time ON alert_transition (at);
                    CREATE TABLE monitor_meta (
                        key TEXT PRIMARY KEY NOT NULL,
                        value INTEGER NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v3-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY,
                        message_id TEXT NOT NULL UNIQUE,
                        receiver TEXT NOT NULL,
                        transitions TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        next_attempt_at INTEGER NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        state TEXT NOT NULL DEFAULT 'pending',
                        last_error TEXT,
                        finished_at INTEGER
                    );
                    CREATE INDEX outbox_pending ON outbox (state, receiver, id);
                    """)
        }
        migrator.registerMigration("v4-silences") { db in
            // `muted_by` says why a transition was not sent (a silence, an inhibiting alert);
            // NULL for one that was, and for every transition recorded before.
            try db.execute(
                sql: """
                    CREATE TABLE silence (
                        id TEXT PRIMARY KEY NOT NULL,
                        matchers TEXT NOT NULL,
                        starts_at INTEGER NOT NULL,
                        ends_at INTEGER NOT NULL,
                        created_by TEXT NOT NULL,
                        comment TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        expired_at INTEGER
                    );
                    CREATE INDEX silence_by_end ON silence (ends_at);
                    ALTER TABLE alert_transition ADD COLUMN muted_by TEXT;
                    CREATE INDEX alert_transition_by_rule ON alert_transition (rule, at);
                    """)
        }
        return migrator
    }
}
