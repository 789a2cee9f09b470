namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 13: the audit log is keyed the way it is read, by organization, time and id, and that key is its only
/// index. Version 5 gave it a primary key on the id and a separate index on <c>(org_id, at, id)</c>; nothing reads an
/// entry by its id alone (the audit API and the query language list an organization's entries by time), so every
/// entry paid for a B-tree that served no query. On SQLite the table becomes <c>WITHOUT ROWID</c>: the entries are
/// stored in the key's order, one B-tree where there were three (the rows, the id's index and the list index). Every
/// run a webhook starts writes an audit entry, so this is one of the writes each sync webhook waits for: a commit of
/// six greet runs (their rows, steps and audit entries) writes 20.4 WAL pages where it wrote 22.1, a lone run 11.5
/// where it wrote 13.2 (<c>bench/wal/pages.sh</c>). On PostgreSQL the primary key moves to <c>(org_id, at, id)</c> and
/// the list index goes.
/// Ids stay unique by how they are made (a per-process sequence and 48 random bits); the database no longer checks.
/// </summary>
/// <remarks>
/// SQLite cannot change a table's key in place: the entries are copied into the new table inside the one transaction
/// every migration runs in, so a failure leaves the old table as it was. The append-only triggers are made again on
/// the new table. Going down copies them back into a table keyed by id.
/// </remarks>
internal static class M0013AuditKeyedByOrgAndTime
{
    private const string Columns =
        "id, org_id, at, actor_type, actor_id, action, resource_type, resource_id, outcome, remote_ip, request_id, detail";

    private const string ColumnDefinitions = """
            id            TEXT    NOT NULL,
            org_id        TEXT    NOT NULL,
            at            INTEGER NOT NULL,
            actor_type    TEXT    NOT NULL,
            actor_id      TEXT,
            action        TEXT    NOT NULL,
            resource_type TEXT,
            resource_id   TEXT,
            outcome       TEXT    NOT NULL,
            remote_ip     TEXT,
            request_id    TEXT,
            detail        TEXT
        """;

    private const string SqliteTriggers = """
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;

        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
        """;

    private const string SqliteUp = $"""
        DROP TRIGGER audit_log_no_update;
        DROP TRIGGER audit_log_no_delete;

        CREATE TABLE audit_log_keyed (
        {ColumnDefinitions},
            PRIMARY KEY (org_id, at, id)
        ) WITHOUT ROWID;

        INSERT INTO audit_log_keyed ({Columns}) SELECT {Columns} FROM audit_log;
        DROP TABLE audit_log;
        ALTER TABLE audit_log_keyed RENAME TO audit_log;

        {SqliteTriggers}
        """;

    private const string SqliteDown = $"""
        DROP TRIGGER audit_log_no_update;
        DROP TRIGGER audit_log_no_delete;

        CREATE TABLE audit_log_by_id (
        {ColumnDefinitions},
            PRIMARY KEY (id)
        );

        INSERT INTO audit_log_by_id ({Columns}) SELECT {Columns} FROM audit_log;
        DROP TABLE audit_log;
        ALTER TABLE audit_log_by_id RENAME TO audit_log;
        CREATE INDEX ix_audit_log_org ON audit_log (org_id, at, id);

        {SqliteTriggers}
        """;

    // ALTER TABLE fires no row trigger, so the append-only trigger stays as it is.
    private const string PostgresUp = """
        ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
        ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (org_id, at, id);
        DROP INDEX ix_audit_log_org;
        """;

    private const string PostgresDown = """
        ALTER TABLE audit_log DROP CONSTRAINT audit_log_pkey;
        ALTER TABLE audit_log ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);
        CREATE INDEX ix_audit_log_org ON audit_log (org_id, at, id);
        """;

    public static Migration Migration { get; } = new(
        13,
        "audit log keyed by organization and time",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, SqliteDown),
            ["postgres"] = new(PostgresUp, PostgresDown),
        });
}
