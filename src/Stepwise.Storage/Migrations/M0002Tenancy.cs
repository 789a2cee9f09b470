namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 2: organizations, hashed API keys, and deletions of workflows (a deleted workflow keeps its versions for
/// the runs pinned to them). The API finds a key by the hash of what a request presents, hence the unique index.
/// </summary>
internal static class M0002Tenancy
{
    private const string SqliteUp = """
        CREATE TABLE organizations (
            id         TEXT    NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            is_active  INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL
        );

        CREATE TABLE api_keys (
            id                TEXT    NOT NULL PRIMARY KEY,
            org_id            TEXT    NOT NULL REFERENCES organizations (id),
            name              TEXT    NOT NULL,
            role              TEXT    NOT NULL,
            is_platform_admin INTEGER NOT NULL DEFAULT 0,
            key_hash          TEXT    NOT NULL,
            prefix            TEXT    NOT NULL,
            created_at        INTEGER NOT NULL,
            revoked_at        INTEGER
        );

        CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);
        CREATE INDEX ix_api_keys_org ON api_keys (org_id, created_at);

        CREATE TABLE workflow_deletions (
            org_id     TEXT    NOT NULL,
            name       TEXT    NOT NULL,
            version    INTEGER NOT NULL,
            deleted_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, name)
        );
        """;

    // Flags are BOOLEAN here: the stores bind and read them as bool, which SQLite keeps as 0 and 1. Keys sort
    // byte by byte as in SQLite (see M0001InitialSchema).
    private const string PostgresUp = """
        CREATE TABLE organizations (
            id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            is_active  BOOLEAN NOT NULL DEFAULT TRUE,
            created_at BIGINT  NOT NULL
        );

        CREATE TABLE api_keys (
            id                TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            org_id            TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
            name              TEXT    NOT NULL,
            role              TEXT    NOT NULL,
            is_platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
            key_hash          TEXT    NOT NULL,
            prefix            TEXT    NOT NULL,
            created_at        BIGINT  NOT NULL,
            revoked_at        BIGINT
        );

        CREATE UNIQUE INDEX ux_api_keys_hash ON api_keys (key_hash);
        CREATE INDEX ix_api_keys_org ON api_keys (org_id, created_at);

        CREATE TABLE workflow_deletions (
            org_id     TEXT COLLATE "C" NOT NULL,
            name       TEXT COLLATE "C" NOT NULL,
            version    INTEGER NOT NULL,
            deleted_at BIGINT  NOT NULL,
            PRIMARY KEY (org_id, name)
        );
        """;

    // Both engines drop the same tables the same way.
    private const string SqliteDown = """
        DROP TABLE workflow_deletions;
        DROP TABLE api_keys;
        DROP TABLE organizations;
        """;

    public static Migration Migration { get; } = new(
        2,
        "organizations, API keys, workflow deletions",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, SqliteDown),
            ["postgres"] = new(PostgresUp, SqliteDown),
        });
}
