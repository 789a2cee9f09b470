using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// An open file of <see cref="SqliteWalVfs"/> that it wraps (a main database or its WAL): its own method table first,
/// as SQLite requires, then its state; the real VFS's file follows in the same allocation.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteWalVfsFile
{
    public SqliteNativeIoMethods* Methods;

    /// <summary>The real VFS's file, right after this struct.</summary>
    public SqliteNativeFile* Real;

    /// <summary>A database's open WAL (same connection), or a WAL's database; null when there is none.</summary>
    public SqliteWalVfsFile* Link;

    /// <summary>For a database, the WAL name it is registered under (the same pointer SQLite opens its WAL with).</summary>
    public byte* WalName;

    /// <summary>For a WAL: appended writes not yet handed to the real file.</summary>
    public byte* Buffer;

    public long BufferOffset;
    public int BufferLength;
    public int BufferCapacity;

    /// <summary>For a WAL: the error of a failed flush, returned by every call until the write transaction ends.</summary>
    public int PendingError;

    /// <summary>For a database: non-zero once its wal-index is mapped, i.e. other connections can see its commits.</summary>
    public int ShmMapped;
}
