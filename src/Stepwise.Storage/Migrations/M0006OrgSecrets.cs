namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 6: what an organization gives its runs besides workflows: secrets (sealed by the host: key id, nonce,
/// ciphertext and tag in one value), configuration key/values (JSON text) and OAuth connections (client secret and
/// tokens sealed the same way; only the hash of a pending authorization's state).
/// </summary>
internal static class M0006OrgSecrets
{
    private const string SqliteUp = """
        CREATE TABLE org_secrets (
            org_id       TEXT    NOT NULL REFERENCES organizations (id),
            name         TEXT    NOT NULL,
            sealed_value BLOB    NOT NULL,
            created_at   INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL,
            PRIMARY KEY (org_id, name)
        );

        CREATE TABLE org_config (
            org_id     TEXT    NOT NULL REFERENCES organizations (id),
            key        TEXT    NOT NULL,
            value      TEXT    NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (org_id, key)
        );

        CREATE TABLE oauth_connections (
            org_id           TEXT    NOT NULL REFERENCES organizations (id),
            name             TEXT    NOT NULL,
            grant_type       TEXT    NOT NULL,
            client_id        TEXT    NOT NULL,
            client_secret    BLOB,
            token_url        TEXT    NOT NULL,
            authorize_url    TEXT,
            scopes           TEXT,
            redirect_uri     TEXT,
            access_token     BLOB,
            refresh_token    BLOB,
            expires_at       INTEGER,
            state_hash       TEXT,
            state_expires_at INTEGER,
            created_at       INTEGER NOT NULL,
            updated_at       INTEGER NOT NULL,
            PRIMARY KEY (org_id, name)
        );

        CREATE UNIQUE INDEX ux_oauth_connections_state ON oauth_connections (state_hash);
        """;

    private const string PostgresUp = """
        CREATE TABLE org_secrets (
            org_id       TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
            name         TEXT COLLATE "C" NOT NULL,
            sealed_value BYTEA  NOT NULL,
            created_at   BIGINT NOT NULL,
            updated_at   BIGINT NOT NULL,
            PRIMARY KEY (org_id, name)
        );

        CREATE TABLE org_config (
            org_id     TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
            key        TEXT COLLATE "C" NOT NULL,
            value      TEXT   NOT NULL,
            created_at BIGINT NOT NULL,
            updated_at BIGINT NOT NULL,
            PRIMARY KEY (org_id, key)
        );

        CREATE TABLE oauth_connections (
            org_id           TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
            name             TEXT COLLATE "C" NOT NULL,
            grant_type       TEXT   NOT NULL,
            client_id        TEXT   NOT NULL,
            client_secret    BYTEA,
            token_url        TEXT   NOT NULL,
            authorize_url    TEXT,
            scopes           TEXT,
            redirect_uri     TEXT,
            access_token     BYTEA,
            refresh_token    BYTEA,
            expires_at       BIGINT,
            state_hash       TEXT,
            state_expires_at BIGINT,
            created_at       BIGINT NOT NULL,
            updated_at       BIGINT NOT NULL,
            PRIMARY KEY (org_id, name)
        );

        CREATE UNIQUE INDEX ux_oauth_connections_state ON oauth_connections (state_hash);
        """;

    // Both engines drop the same tables the same way.
    private const string Down = """
        DROP TABLE oauth_connections;
        DROP TABLE org_config;
        DROP TABLE org_secrets;
        """;

    public static Migration Migration { get; } = new(
        6,
        "organization secrets, configuration and OAuth connections",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, Down),
            ["postgres"] = new(PostgresUp, Down),
        });
}
