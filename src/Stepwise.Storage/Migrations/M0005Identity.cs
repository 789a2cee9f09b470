namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 5: users with hashed passwords and lockout state, their roles per organization, hashed refresh tokens,
/// and the audit log. The audit log is append-only: triggers refuse every UPDATE and DELETE on it.
/// </summary>
internal static class M0005Identity
{
    private const string SqliteUp = """
        CREATE TABLE users (
            id            TEXT    NOT NULL PRIMARY KEY,
            username      TEXT    NOT NULL,
            password_hash TEXT    NOT NULL,
            is_disabled   INTEGER NOT NULL DEFAULT 0,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until  INTEGER,
            created_at    INTEGER NOT NULL
        );

        CREATE UNIQUE INDEX ux_users_username ON users (username);

        CREATE TABLE user_memberships (
            user_id TEXT NOT NULL REFERENCES users (id),
            org_id  TEXT NOT NULL REFERENCES organizations (id),
            role    TEXT NOT NULL,
            PRIMARY KEY (user_id, org_id)
        );

        CREATE TABLE refresh_tokens (
            id         TEXT    NOT NULL PRIMARY KEY,
            user_id    TEXT    NOT NULL REFERENCES users (id),
            org_id     TEXT    NOT NULL REFERENCES organizations (id),
            token_hash TEXT    NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            revoked_at INTEGER
        );

        CREATE UNIQUE INDEX ux_refresh_tokens_hash ON refresh_tokens (token_hash);
        CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);

        CREATE TABLE audit_log (
            id            TEXT    NOT NULL PRIMARY KEY,
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
        );

        CREATE INDEX ix_audit_log_org ON audit_log (org_id, at, id);

        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;

        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN
            SELECT RAISE(ABORT, 'audit_log is append-only');
        END;
        """;

    private const string PostgresUp = """
        CREATE TABLE users (
            id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            username      TEXT COLLATE "C" NOT NULL,
            password_hash TEXT    NOT NULL,
            is_disabled   BOOLEAN NOT NULL DEFAULT FALSE,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until  BIGINT,
            created_at    BIGINT  NOT NULL
        );

        CREATE UNIQUE INDEX ux_users_username ON users (username);

        CREATE TABLE user_memberships (
            user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
            org_id  TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
            role    TEXT NOT NULL,
            PRIMARY KEY (user_id, org_id)
        );

        CREATE TABLE refresh_tokens (
            id         TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            user_id    TEXT COLLATE "C" NOT NULL REFERENCES users (id),
            org_id     TEXT COLLATE "C" NOT NULL REFERENCES organizations (id),
            token_hash TEXT   NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            revoked_at BIGINT
        );

        CREATE UNIQUE INDEX ux_refresh_tokens_hash ON refresh_tokens (token_hash);
        CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);

        CREATE TABLE audit_log (
            id            TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            org_id        TEXT COLLATE "C" NOT NULL,
            at            BIGINT NOT NULL,
            actor_type    TEXT   NOT NULL,
            actor_id      TEXT COLLATE "C",
            action        TEXT COLLATE "C" NOT NULL,
            resource_type TEXT,
            resource_id   TEXT COLLATE "C",
            outcome       TEXT   NOT NULL,
            remote_ip     TEXT,
            request_id    TEXT,
            detail        TEXT
        );

        CREATE INDEX ix_audit_log_org ON audit_log (org_id, at, id);

        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'audit_log is append-only';
        END
        $$;

        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        """;

    // Dropping a table drops its triggers on both engines.
    private const string SqliteDown = """
        DROP TABLE audit_log;
        DROP TABLE refresh_tokens;
        DROP TABLE user_memberships;
        DROP TABLE users;
        """;

    private const string PostgresDown = """
        DROP TABLE audit_log;
        DROP FUNCTION audit_log_append_only();
        DROP TABLE refresh_tokens;
        DROP TABLE user_memberships;
        DROP TABLE users;
        """;

    public static Migration Migration { get; } = new(
        5,
        "users, memberships, refresh tokens, audit log",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, SqliteDown),
            ["postgres"] = new(PostgresUp, PostgresDown),
        });
}
