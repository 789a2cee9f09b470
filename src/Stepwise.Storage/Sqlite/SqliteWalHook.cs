using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// SQLite's <c>sqlite3_wal_hook</c>, which SQLitePCLRaw does not wrap: a callback run on the committing connection
/// right after each commit, told how many frames the WAL holds then. Installing it replaces the connection's automatic
/// checkpoint (<c>wal_autocheckpoint</c> is itself such a hook), so its callback decides whether to checkpoint.
/// </summary>
internal static class SqliteWalHook
{
    /// <summary>The callback: returns a SQLite result code; anything but SQLITE_OK fails the statement that committed.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate int Callback(IntPtr userData, IntPtr database, IntPtr schemaName, int walFrames);

    /// <summary>
    /// Installs <paramref name="callback"/> on <paramref name="connection"/>; the caller keeps the delegate alive as
    /// long as the connection is open (SQLite holds only its native pointer).
    /// </summary>
    public static void Install(SqliteConnection connection, Callback callback)
    {
        ArgumentNullException.ThrowIfNull(connection.Handle, nameof(connection));
        SetWalHook(connection.Handle.DangerousGetHandle(), callback, IntPtr.Zero);
    }

    // The same native library Microsoft.Data.Sqlite loads (SQLitePCLRaw's bundle_e_sqlite3), so the same connection.
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_wal_hook", CallingConvention = CallingConvention.Cdecl)]
    private static extern IntPtr SetWalHook(IntPtr database, Callback callback, IntPtr userData);
}
