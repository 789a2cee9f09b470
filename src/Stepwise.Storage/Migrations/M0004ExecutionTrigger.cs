namespace Stepwise.Storage.Migrations;

/// <summary>
/// Version 4: what started each run (<c>trigger</c> in expressions: type, and for webhooks headers and query), as
/// JSON text, so a run resumed after a restart evaluates <c>trigger.*</c> as its first attempt did. Null for runs
/// created before this version and for runs started without a trigger. The column is not named <c>trigger</c>,
/// a keyword in SQL.
/// </summary>
internal static class M0004ExecutionTrigger
{
    // The same statements on both engines: JSON is text everywhere in this schema.
    private const string Up = "ALTER TABLE executions ADD COLUMN trigger_info TEXT;";

    private const string Down = "ALTER TABLE executions DROP COLUMN trigger_info;";

    public static Migration Migration { get; } = new(
        4,
        "execution trigger",
        new Dictionary<string, MigrationScript>(StringComparer.Ordinal)
        {
            ["sqlite"] = new(Up, Down),
            ["postgres"] = new(Up, Down),
        });
}
