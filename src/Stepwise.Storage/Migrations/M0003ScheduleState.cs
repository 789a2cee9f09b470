namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 3: the last-fired time of each schedule (UTC unix milliseconds), updated by compare-and-set so that every
/// node sharing the database fires each tick once.
/// </summary>
internal static class M0003ScheduleState
{
    private const string SqliteUp = """
        CREATE TABLE schedule_state (
            org_id        TEXT    NOT NULL,
            workflow      TEXT    NOT NULL,
            trigger_id    TEXT    NOT NULL,
            last_fired_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, workflow, trigger_id)
        );
        """;

    private const string PostgresUp = """
        CREATE TABLE schedule_state (
            org_id        TEXT COLLATE "C" NOT NULL,
            workflow      TEXT COLLATE "C" NOT NULL,
            trigger_id    TEXT COLLATE "C" NOT NULL,
            last_fired_at BIGINT  NOT NULL,
            PRIMARY KEY (org_id, workflow, trigger_id)
        );
        """;

    // Both engines drop the table the same way.
    private const string SqliteDown = "DROP TABLE schedule_state;";

    public static Migration Migration { get; } = new(
        3,
        "schedule state",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, SqliteDown),
            ["postgres"] = new(PostgresUp, SqliteDown),
        });
}
