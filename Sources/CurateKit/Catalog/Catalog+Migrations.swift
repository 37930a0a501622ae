import GRDB

extension Catalog {
    /// The schema, as an append-only list of migrations: a shipped migration is never edited;
    /// a change is a new migration at the end (https://www.sqlite.org/lang_altertable.html).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-parts-inputs-samples") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    domain TEXT NOT NULL, stage TEXT NOT NULL, version TEXT NOT NULL,
                    settings_digest TEXT NOT NULL, partition TEXT NOT NULL,
                    started_at REAL NOT NULL, finished_at REAL, status TEXT NOT NULL,
                    inputs INTEGER, samples INTEGER, rejected INTEGER, skipped INTEGER,
                    reused_parts INTEGER, seconds REAL);
                CREATE TABLE parts (
                    domain TEXT NOT NULL, stage TEXT NOT NULL, part INTEGER NOT NULL,
                    key TEXT NOT NULL, path TEXT NOT NULL, digest TEXT NOT NULL,
                    inputs INTEGER NOT NULL, samples INTEGER NOT NULL,
                    rejected INTEGER NOT NULL, skipped INTEGER NOT NULL, run_id INTEGER NOT NULL,
                    PRIMARY KEY (domain, stage, part));
                CREATE TABLE inputs (
                    domain TEXT NOT NULL, stage TEXT NOT NULL, part INTEGER NOT NULL,
                    uri TEXT NOT NULL, digest TEXT, status TEXT NOT NULL, reason TEXT,
                    samples INTEGER NOT NULL, run_id INTEGER NOT NULL);
                CREATE INDEX inputs_by_part ON inputs(domain, stage, part);
                CREATE INDEX inputs_by_uri ON inputs(uri);
                CREATE TABLE samples (
                    id TEXT NOT NULL, domain TEXT NOT NULL, stage TEXT NOT NULL, part INTEGER NOT NULL,
                    kind TEXT NOT NULL, uri TEXT NOT NULL, locator TEXT NOT NULL,
                    title TEXT, licence TEXT, band TEXT, scores TEXT);
                CREATE INDEX samples_by_part ON samples(domain, stage, part);
                CREATE INDEX samples_by_id ON samples(id);
                CREATE TABLE findings (
                    domain TEXT NOT NULL, stage TEXT NOT NULL, part INTEGER NOT NULL,
                    uri TEXT NOT NULL, locator TEXT NOT NULL, kind TEXT NOT NULL, reason TEXT NOT NULL,
                    run_id INTEGER NOT NULL);
                CREATE INDEX findings_by_part ON findings(domain, stage, part);
                CREATE TABLE sample_notes (
                    domain TEXT NOT NULL, stage TEXT NOT NULL, part INTEGER NOT NULL,
                    sample_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL);
                CREATE INDEX notes_by_part ON sample_notes(domain, stage, part);
                CREATE INDEX notes_by_sample ON sample_notes(sample_id);
                CREATE TABLE cache (
                    namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                    PRIMARY KEY (namespace, key));
                """)
        }
        migrator.registerMigration("v2-sample-lengths") { db in
            try db.execute(sql: """
                ALTER TABLE samples ADD COLUMN prompt_bytes INTEGER;
                ALTER TABLE samples ADD COLUMN completion_bytes INTEGER;
                """)
        }
        // Stages are made of steps whose tasks record their own completion in files beside
        // their output (`<stage>/.tasks/`); the catalog is folded from those records, so the
        // part table gives way to one row per task, and every per-task row names its step.
        migrator.registerMigration("v3-tasks-and-steps") { db in
            try db.execute(sql: """
                DROP TABLE parts;
                CREATE TABLE tasks (
                    domain TEXT NOT NULL, stage TEXT NOT NULL, step TEXT NOT NULL, task INTEGER NOT NULL,
                    key TEXT NOT NULL, record TEXT NOT NULL,
                    inputs INTEGER NOT NULL, samples INTEGER NOT NULL, rejected INTEGER NOT NULL,
                    skipped INTEGER NOT NULL, pending INTEGER NOT NULL, run_id INTEGER,
                    PRIMARY KEY (domain, stage, step, task));
                ALTER TABLE inputs ADD COLUMN step TEXT NOT NULL DEFAULT 'parts';
                ALTER TABLE samples ADD COLUMN step TEXT NOT NULL DEFAULT 'parts';
                ALTER TABLE findings ADD COLUMN step TEXT NOT NULL DEFAULT 'parts';
                ALTER TABLE sample_notes ADD COLUMN step TEXT NOT NULL DEFAULT 'parts';
                ALTER TABLE runs ADD COLUMN pending INTEGER;
                """)
        }
        return migrator
    }
}
