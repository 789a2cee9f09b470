using Stepwise.Storage.Migrations;

namespace Stepwise.Storage.Tests.Migrations;

/// <summary>Small catalogs for testing the runner apart from the real schema.</summary>
internal static class TestMigrations
{
    public static IReadOnlyList<Migration> Three { get; } = [Table(1), Table(2), Table(3)];

    /// <summary>Version 3 belongs to another change this build does not have.</summary>
    public static IReadOnlyList<Migration> WithAGap { get; } = [Table(1), Table(2), Table(4)];

    /// <summary>Version 2 creates a table, then fails, so its rollback can be checked.</summary>
    public static IReadOnlyList<Migration> SecondFails { get; } =
    [
        Table(1),
        new(2, "half of it works", Scripts("CREATE TABLE t2 (id INTEGER); INSERT INTO no_such_table VALUES (1);", "DROP TABLE t2;")),
        Table(3),
    ];

    private static Migration Table(int version) =>
        new(version, $"create t{version}", Scripts($"CREATE TABLE t{version} (id INTEGER);", $"DROP TABLE t{version};"));

    private static Dictionary<string, MigrationScript> Scripts(string up, string down) =>
        new(StringComparer.Ordinal)
        {
            ["sqlite"] = new MigrationScript(up, down),
            ["postgres"] = new MigrationScript(up, down),
        };
}
