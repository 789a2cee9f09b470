using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// sqlite3.h's <c>sqlite3_io_methods</c> up to version 3 (field for field, in order): the methods of one open file.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteNativeIoMethods
{
    public int Version;
    public delegate* unmanaged<SqliteNativeFile*, int> Close;
    public delegate* unmanaged<SqliteNativeFile*, void*, int, long, int> Read;
    public delegate* unmanaged<SqliteNativeFile*, void*, int, long, int> Write;
    public delegate* unmanaged<SqliteNativeFile*, long, int> Truncate;
    public delegate* unmanaged<SqliteNativeFile*, int, int> Sync;
    public delegate* unmanaged<SqliteNativeFile*, long*, int> FileSize;
    public delegate* unmanaged<SqliteNativeFile*, int, int> Lock;
    public delegate* unmanaged<SqliteNativeFile*, int, int> Unlock;
    public delegate* unmanaged<SqliteNativeFile*, int*, int> CheckReservedLock;
    public delegate* unmanaged<SqliteNativeFile*, int, void*, int> FileControl;
    public delegate* unmanaged<SqliteNativeFile*, int> SectorSize;
    public delegate* unmanaged<SqliteNativeFile*, int> DeviceCharacteristics;

    // Version 2: shared memory (the wal-index), which WAL mode needs.
    public delegate* unmanaged<SqliteNativeFile*, int, int, int, void**, int> ShmMap;
    public delegate* unmanaged<SqliteNativeFile*, int, int, int, int> ShmLock;
    public delegate* unmanaged<SqliteNativeFile*, void> ShmBarrier;
    public delegate* unmanaged<SqliteNativeFile*, int, int> ShmUnmap;

    // Version 3: memory-mapped reads.
    public delegate* unmanaged<SqliteNativeFile*, long, int, void**, int> Fetch;
    public delegate* unmanaged<SqliteNativeFile*, long, void*, int> Unfetch;
}
