using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// sqlite3.h's <c>sqlite3_file</c>: every VFS's open file starts with its method table, which SQLite calls through.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteNativeFile
{
    public SqliteNativeIoMethods* Methods;
}
