using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>sqlite3.h's <c>sqlite3_vfs</c> up to version 3 (field for field, in order).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteNativeVfs
{
    public int Version;
    public int FileSize;
    public int MaxPathname;
    public SqliteNativeVfs* Next;
    public byte* Name;
    public void* AppData;
    public delegate* unmanaged<SqliteNativeVfs*, byte*, SqliteNativeFile*, int, int*, int> Open;
    public delegate* unmanaged<SqliteNativeVfs*, byte*, int, int> Delete;
    public delegate* unmanaged<SqliteNativeVfs*, byte*, int, int*, int> Access;
    public delegate* unmanaged<SqliteNativeVfs*, byte*, int, byte*, int> FullPathname;
    public delegate* unmanaged<SqliteNativeVfs*, byte*, void*> DlOpen;
    public delegate* unmanaged<SqliteNativeVfs*, int, byte*, void> DlError;
    public delegate* unmanaged<SqliteNativeVfs*, void*, byte*, void*> DlSym;
    public delegate* unmanaged<SqliteNativeVfs*, void*, void> DlClose;
    public delegate* unmanaged<SqliteNativeVfs*, int, byte*, int> Randomness;
    public delegate* unmanaged<SqliteNativeVfs*, int, int> Sleep;
    public delegate* unmanaged<SqliteNativeVfs*, double*, int> CurrentTime;
    public delegate* unmanaged<SqliteNativeVfs*, int, byte*, int> GetLastError;

    // Version 2.
    public delegate* unmanaged<SqliteNativeVfs*, long*, int> CurrentTimeInt64;

    // Version 3: the system-call overrides (tests of SQLite itself use them).
    public delegate* unmanaged<SqliteNativeVfs*, byte*, void*, int> SetSystemCall;
    public delegate* unmanaged<SqliteNativeVfs*, byte*, void*> GetSystemCall;
    public delegate* unmanaged<SqliteNativeVfs*, byte*, byte*> NextSystemCall;
}
