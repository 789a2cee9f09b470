namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 11: the sources of each published workspace version of code workflows, keyed by its content hash (a JSON
/// array of <c>{path, text}</c>), so any node can compile the exact code a run is pinned to. Not per organization:
/// one workspace serves every organization of the store. Numbered 11, not 9: stores of the
/// previous release are at 10 without 9, and a migration below the current version would never be applied there.
/// </summary>
internal static class M0011WorkspaceVersions
{
    private const string SqliteUp = """
        CREATE TABLE workspace_versions (
            hash       TEXT    NOT NULL PRIMARY KEY,
            files      TEXT    NOT NULL,
            file_count INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        );
        """;

    private const string PostgresUp = """
        CREATE TABLE workspace_versions (
            hash       TEXT COLLATE "C" NOT NULL PRIMARY KEY,
            files      TEXT    NOT NULL,
            file_count INTEGER NOT NULL,
            created_at BIGINT  NOT NULL
        );
        """;

    private const string Down = "DROP TABLE workspace_versions;";

    public static Migration Migration { get; } = new(
        11,
        "workspace versions of code workflows",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, Down),
            ["postgres"] = new(PostgresUp, Down),
        });
}
