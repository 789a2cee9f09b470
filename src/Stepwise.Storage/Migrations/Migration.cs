namespace Stepwise.Storage.Migrations;

/// <summary>
/// One step of the schema. Shipped migrations never change: a fix is a new migration. Each carries a script per
/// dialect, keyed by <see cref="Common.SqlDialect.Name"/>.
/// </summary>
internal sealed record Migration(int Version, string Description, IReadOnlyDictionary<string, MigrationScript> Scripts)
{
    public MigrationScript ScriptFor(string dialect) =>
        Scripts.TryGetValue(dialect, out var script)
            ? script
            : throw new InvalidOperationException(
                $"Migration {Version} ({Description}) has no script for the {dialect} dialect.");
}
