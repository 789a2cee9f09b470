namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 10: waits for signals (approvals). One row per waiting step of a run, keyed by the run and the signal's
/// name (the step id): its status (waiting, received, timed_out), when it started waiting and its due time, what it
/// shows people (details, JSON text), and the answer (payload, who sent it, when). A parked run has no lease owner
/// and its <c>lease_until</c> at its wake-up time, so no new column of <c>executions</c> is needed. Waiting rows
/// are listed per organization oldest first.
/// </summary>
internal static class M0010Signals
{
    private const string SqliteUp = """
        CREATE TABLE execution_signals (
            execution_id  TEXT    NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
            name          TEXT    NOT NULL,
            org_id        TEXT    NOT NULL,
            workflow      TEXT    NOT NULL,
            kind          TEXT    NOT NULL,
            status        TEXT    NOT NULL,
            waiting_since INTEGER NOT NULL,
            due_at        INTEGER,
            details       TEXT,
            payload       TEXT,
            sent_by       TEXT,
            resolved_at   INTEGER,
            PRIMARY KEY (execution_id, name)
        );

        CREATE INDEX ix_execution_signals_org ON execution_signals (org_id, status, waiting_since, execution_id, name);
        """;

    private const string PostgresUp = """
        CREATE TABLE execution_signals (
            execution_id  TEXT COLLATE "C" NOT NULL REFERENCES executions (id) ON DELETE CASCADE,
            name          TEXT COLLATE "C" NOT NULL,
            org_id        TEXT COLLATE "C" NOT NULL,
            workflow      TEXT COLLATE "C" NOT NULL,
            kind          TEXT   NOT NULL,
            status        TEXT   NOT NULL,
            waiting_since BIGINT NOT NULL,
            due_at        BIGINT,
            details       TEXT,
            payload       TEXT,
            sent_by       TEXT,
            resolved_at   BIGINT,
            PRIMARY KEY (execution_id, name)
        );

        CREATE INDEX ix_execution_signals_org ON execution_signals (org_id, status, waiting_since, execution_id, name);
        """;

    private const string Down = "DROP TABLE execution_signals;";

    public static Migration Migration { get; } = new(
        10,
        "signals and approvals",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, Down),
            ["postgres"] = new(PostgresUp, Down),
        });
}
