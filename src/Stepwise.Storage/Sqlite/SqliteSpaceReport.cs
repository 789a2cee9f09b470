namespace Stepwise.Storage.Sqlite;

/// <summary>
/// The space a SQLite database takes: the file and its WAL, its pages (<see cref="FreePages"/> are unused pages
/// kept in the file), and each table.
/// </summary>
public sealed record SqliteSpaceReport(
    string Path,
    long FileBytes,
    long WalBytes,
    long PageSize,
    long PageCount,
    long FreePages,
    IReadOnlyList<SqliteTableSpace> Tables);
