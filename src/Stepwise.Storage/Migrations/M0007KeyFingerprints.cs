namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 7: the fingerprints of the keys every node sharing the store must hold (the master key that seals
/// secrets, the JWT signing key), so a node started with another key refuses to start. Never the keys themselves.
/// </summary>
internal static class M0007KeyFingerprints
{
    private const string SqliteUp = """
        CREATE TABLE key_fingerprints (
            name        TEXT    NOT NULL PRIMARY KEY,
            fingerprint TEXT    NOT NULL,
            updated_at  INTEGER NOT NULL
        );
        """;

    private const string PostgresUp = """
        CREATE TABLE key_fingerprints (
            name        TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            fingerprint TEXT   NOT NULL,
            updated_at  BIGINT NOT NULL
        );
        """;

    private const string Down = "DROP TABLE key_fingerprints;";

    public static Migration Migration { get; } = new(
        7,
        "fingerprints of the keys the nodes share",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, Down),
            ["postgres"] = new(PostgresUp, Down),
        });
}
