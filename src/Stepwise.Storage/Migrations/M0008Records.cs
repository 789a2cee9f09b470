namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 8: records per organization (seed 002), the workflow that processes each category, and the runs that
/// processed each record. Indexes back every filter and sort of the records list (status, category, source,
/// created_at, updated_at, each within an organization) and the lookup of a run's record.
/// </summary>
/// <remarks>
/// A record being processed is <c>processing</c> with the id of its run and a claim expiry: the claim is a
/// conditional update, so two nodes processing the same record at once cannot both win, and a node that dies
/// holding one lets it lapse. Expression indexes for JSON paths users query often are theirs to add
/// (docs/query.md shows how); the schema does not guess paths.
/// </remarks>
internal static class M0008Records
{
    private const string Indexes = """
        CREATE INDEX ix_records_org_created ON records (org_id, created_at DESC, id);
        CREATE INDEX ix_records_org_updated ON records (org_id, updated_at DESC, id);
        CREATE INDEX ix_records_org_status_created ON records (org_id, status, created_at DESC, id);
        CREATE INDEX ix_records_org_category_created ON records (org_id, category, created_at DESC, id);
        CREATE INDEX ix_records_org_source_created ON records (org_id, source, created_at DESC, id);
        CREATE INDEX ix_record_runs_execution ON record_runs (execution_id);
        """;

    private const string SqliteUp = """
        CREATE TABLE records (
            id           TEXT    NOT NULL PRIMARY KEY,
            org_id       TEXT    NOT NULL,
            source       TEXT    NOT NULL,
            category     TEXT    NOT NULL,
            status       TEXT    NOT NULL,
            payload      TEXT,
            output       TEXT,
            error        TEXT,
            execution_id TEXT,
            attempts     INTEGER NOT NULL DEFAULT 0,
            claim_until  INTEGER,
            created_at   INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL
        );

        CREATE TABLE record_processors (
            org_id             TEXT    NOT NULL,
            category           TEXT    NOT NULL,
            workflow           TEXT    NOT NULL,
            process_on_arrival INTEGER NOT NULL,
            created_at         INTEGER NOT NULL,
            updated_at         INTEGER NOT NULL,
            PRIMARY KEY (org_id, category)
        );

        CREATE TABLE record_runs (
            record_id    TEXT    NOT NULL REFERENCES records (id) ON DELETE CASCADE,
            execution_id TEXT    NOT NULL,
            org_id       TEXT    NOT NULL,
            created_at   INTEGER NOT NULL,
            PRIMARY KEY (record_id, execution_id)
        );

        """ + Indexes;

    private const string PostgresUp = """
        CREATE TABLE records (
            id           TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            org_id       TEXT COLLATE "C" NOT NULL,
            source       TEXT COLLATE "C" NOT NULL,
            category     TEXT COLLATE "C" NOT NULL,
            status       TEXT COLLATE "C" NOT NULL,
            payload      TEXT,
            output       TEXT,
            error        TEXT,
            execution_id TEXT COLLATE "C",
            attempts     INTEGER NOT NULL DEFAULT 0,
            claim_until  BIGINT,
            created_at   BIGINT  NOT NULL,
            updated_at   BIGINT  NOT NULL
        );

        CREATE TABLE record_processors (
            org_id             TEXT COLLATE "C" NOT NULL,
            category           TEXT COLLATE "C" NOT NULL,
            workflow           TEXT    NOT NULL,
            process_on_arrival BOOLEAN NOT NULL,
            created_at         BIGINT  NOT NULL,
            updated_at         BIGINT  NOT NULL,
            PRIMARY KEY (org_id, category)
        );

        CREATE TABLE record_runs (
            record_id    TEXT COLLATE "C" NOT NULL REFERENCES records (id) ON DELETE CASCADE,
            execution_id TEXT COLLATE "C" NOT NULL,
            org_id       TEXT COLLATE "C" NOT NULL,
            created_at   BIGINT NOT NULL,
            PRIMARY KEY (record_id, execution_id)
        );

        """ + Indexes;

    private const string Down = """
        DROP TABLE record_runs;
        DROP TABLE record_processors;
        DROP TABLE records;
        """;

    public static Migration Migration { get; } = new(
        8,
        "records, record processors and record runs",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, Down),
            ["postgres"] = new(PostgresUp, Down),
        });
}
