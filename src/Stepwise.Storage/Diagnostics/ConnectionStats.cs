namespace Stepwise.Storage.Diagnostics;

/// <summary>
/// The database connections of this process, as <c>/health</c> reports them. SQLite has one writer connection, used
/// for every write, and reader connections opened per read without a limit, so <see cref="MaxConnections"/> is
/// null; the writer counts as in use while writes wait for it.
/// </summary>
public sealed record ConnectionStats(
    string Engine,
    int? MaxConnections,
    int OpenConnections,
    int InUse,
    int Idle,
    int WriterConnections,
    int QueuedWrites,
    int ReadersInUse,
    long ReadersOpenedTotal);
