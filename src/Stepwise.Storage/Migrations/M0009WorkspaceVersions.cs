namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 9: the sources of each published workspace version of code workflows, keyed by its content hash (a JSON
/// array of <c>{path, text}</c>), so any node can compile the exact code a run is pinned to. Not per organization:
/// one workspace serves every organization of the store.
/// </summary>
internal static class M0009WorkspaceVersions
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
        9,
        "workspace versions of code workflows",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(SqliteUp, Down),
            ["postgres"] = new(PostgresUp, Down),
        });
}
