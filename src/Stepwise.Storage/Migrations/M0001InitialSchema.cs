namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 1: workflow versions, runs, steps and logs. Times are UTC unix milliseconds, JSON is text, statuses are
/// snake_case words. Indexes back every list the API offers (per org, newest first, by status or workflow), the
/// claim of resumable runs, lease renewal, and due timers.
/// </summary>
/// <remarks>
/// PostgreSQL keeps the same columns: BIGINT times, INTEGER counters, an identity id for log lines. JSON stays TEXT
/// there too: jsonb would reorder keys and reject a <c>\u0000</c> escape that SQLite stores, so a step output could
/// be written on one engine and refused on the other; queries that need jsonb cast the column. Ids and names that
/// lists sort or page by are <c>COLLATE "C"</c>: they compare byte by byte as in SQLite whatever collation the
/// database was created with, so a list has the same order on both engines and its indexes serve the sort.
/// </remarks>
internal static class M0001InitialSchema
{
    private const string SqliteUp = """
        CREATE TABLE workflow_versions (
            org_id       TEXT    NOT NULL,
            name         TEXT    NOT NULL,
            version      INTEGER NOT NULL,
            source       TEXT    NOT NULL,
            content_hash TEXT    NOT NULL,
            created_at   INTEGER NOT NULL,
            PRIMARY KEY (org_id, name, version)
        );

        CREATE TABLE executions (
            id                  TEXT    NOT NULL PRIMARY KEY,
            org_id              TEXT    NOT NULL,
            workflow            TEXT    NOT NULL,
            version             INTEGER NOT NULL,
            status              TEXT    NOT NULL,
            priority            INTEGER NOT NULL DEFAULT 0,
            params              TEXT    NOT NULL,
            output              TEXT,
            error               TEXT,
            parent_execution_id TEXT,
            parent_step_id      TEXT,
            created_at          INTEGER NOT NULL,
            started_at          INTEGER,
            finished_at         INTEGER,
            lease_owner         TEXT,
            lease_until         INTEGER
        );

        CREATE INDEX ix_executions_org_created ON executions (org_id, created_at DESC);
        CREATE INDEX ix_executions_org_status_created ON executions (org_id, status, created_at DESC);
        CREATE INDEX ix_executions_org_workflow_created ON executions (org_id, workflow, created_at DESC);
        CREATE INDEX ix_executions_created ON executions (created_at);
        CREATE INDEX ix_executions_parent ON executions (parent_execution_id)
            WHERE parent_execution_id IS NOT NULL;
        CREATE INDEX ix_executions_resumable ON executions (priority DESC, created_at, id)
            WHERE status IN ('pending', 'running', 'compensating');
        CREATE INDEX ix_executions_lease_owner ON executions (lease_owner) WHERE lease_owner IS NOT NULL;

        CREATE TABLE steps (
            execution_id TEXT    NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
            step_id      TEXT    NOT NULL,
            attempt      INTEGER NOT NULL,
            seq          INTEGER NOT NULL,
            node_id      TEXT    NOT NULL,
            status       TEXT    NOT NULL,
            input        TEXT,
            output       TEXT,
            error        TEXT,
            started_at   INTEGER NOT NULL,
            finished_at  INTEGER,
            due_at       INTEGER,
            PRIMARY KEY (execution_id, step_id, attempt)
        );

        CREATE UNIQUE INDEX ux_steps_execution_seq ON steps (execution_id, seq);
        CREATE INDEX ix_steps_due ON steps (due_at) WHERE due_at IS NOT NULL;

        CREATE TABLE execution_logs (
            id           INTEGER PRIMARY KEY,
            execution_id TEXT    NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
            step_id      TEXT,
            level        TEXT    NOT NULL,
            message      TEXT    NOT NULL,
            data         TEXT,
            at           INTEGER NOT NULL
        );

        CREATE INDEX ix_execution_logs_execution ON execution_logs (execution_id, id);
        """;

    private const string PostgresUp = """
        CREATE TABLE workflow_versions (
            org_id       TEXT COLLATE "C" NOT NULL,
            name         TEXT COLLATE "C" NOT NULL,
            version      INTEGER NOT NULL,
            source       TEXT    NOT NULL,
            content_hash TEXT    NOT NULL,
            created_at   BIGINT  NOT NULL,
            PRIMARY KEY (org_id, name, version)
        );

        CREATE TABLE executions (
            id                  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            org_id              TEXT COLLATE "C" NOT NULL,
            workflow            TEXT COLLATE "C" NOT NULL,
            version             INTEGER NOT NULL,
            status              TEXT    NOT NULL,
            priority            INTEGER NOT NULL DEFAULT 0,
            params              TEXT    NOT NULL,
            output              TEXT,
            error               TEXT,
            parent_execution_id TEXT COLLATE "C",
            parent_step_id      TEXT,
            created_at          BIGINT  NOT NULL,
            started_at          BIGINT,
            finished_at         BIGINT,
            lease_owner         TEXT,
            lease_until         BIGINT
        );

        CREATE INDEX ix_executions_org_created ON executions (org_id, created_at DESC);
        CREATE INDEX ix_executions_org_status_created ON executions (org_id, status, created_at DESC);
        CREATE INDEX ix_executions_org_workflow_created ON executions (org_id, workflow, created_at DESC);
        CREATE INDEX ix_executions_created ON executions (created_at);
        CREATE INDEX ix_executions_parent ON executions (parent_execution_id)
            WHERE parent_execution_id IS NOT NULL;
        CREATE INDEX ix_executions_resumable ON executions (priority DESC, created_at, id)
            WHERE status IN ('pending', 'running', 'compensating');
        CREATE INDEX ix_executions_lease_owner ON executions (lease_owner) WHERE lease_owner IS NOT NULL;

        CREATE TABLE steps (
            execution_id TEXT COLLATE "C" NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
            step_id      TEXT    NOT NULL,
            attempt      INTEGER NOT NULL,
            seq          INTEGER NOT NULL,
            node_id      TEXT    NOT NULL,
            status       TEXT    NOT NULL,
            input        TEXT,
            output       TEXT,
            error        TEXT,
            started_at   BIGINT  NOT NULL,
            finished_at  BIGINT,
            due_at       BIGINT,
            PRIMARY KEY (execution_id, step_id, attempt)
        );

        CREATE UNIQUE INDEX ux_steps_execution_seq ON steps (execution_id, seq);
        CREATE INDEX ix_steps_due ON steps (due_at) WHERE due_at IS NOT NULL;

        CREATE TABLE execution_logs (
            id           BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            execution_id TEXT COLLATE "C" NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
            step_id      TEXT,
            level        TEXT    NOT NULL,
            message      TEXT    NOT NULL,
            data         TEXT,
            at           BIGINT  NOT NULL
        );

        CREATE INDEX ix_execution_logs_execution ON execution_logs (execution_id, id);
        """;

    // Both engines drop the same tables the same way.
    private const string SqliteDown = """
        DROP TABLE execution_logs;
        DROP TABLE steps;
        DROP TABLE executions;
        DROP TABLE workflow_versions;
        """;

    public static Migration Migration { get; } = new(
        1,
        "workflow versions, executions, steps, logs",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, SqliteDown),
            ["postgres"] = new(PostgresUp, SqliteDown),
        });
}
