namespace Stepwise.Storage.Sqlite;

/// <summary>
/// What <see cref="SqliteWalVfs"/> did on the current thread (SQLite runs a statement's I/O on the thread that
/// steps it), so a test can count the writes of one commit while other tests write elsewhere.
/// </summary>
internal static class SqliteWalVfsCounters
{
    [ThreadStatic]
    private static long _walWrites;

    [ThreadStatic]
    private static long _realWalWrites;

    [ThreadStatic]
    private static int _injectedWriteError;

    /// <summary>WAL writes SQLite asked for on this thread.</summary>
    public static long WalWrites { get => _walWrites; set => _walWrites = value; }

    /// <summary>WAL writes handed to the real VFS on this thread: one per flushed buffer or unbuffered write.</summary>
    public static long RealWalWrites { get => _realWalWrites; set => _realWalWrites = value; }

    /// <summary>
    /// For tests: when non-zero, a WAL write handed to the real VFS on this thread fails with this SQLite result
    /// code instead of being written, as a full disk would.
    /// </summary>
    public static int InjectedWriteError { get => _injectedWriteError; set => _injectedWriteError = value; }
}
