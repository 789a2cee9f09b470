namespace Stepwise.Storage.Sqlite;

/// <summary>One table of <see cref="SqliteSpaceReport"/>: its rows and the bytes of the values they hold (no index or page overhead).</summary>
public sealed record SqliteTableSpace(string Name, long Rows, long DataBytes);
