using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// A main database file's methods: the real file's, except that the shared-memory calls first hand the same
/// connection's buffered WAL writes to the real WAL file.
/// </summary>
internal static unsafe partial class SqliteWalVfs
{
    private const int SqliteShmUnlock = 1;

    private static SqliteNativeIoMethods* NewDatabaseMethods()
    {
        var methods = (SqliteNativeIoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteNativeIoMethods));
        methods->Version = 3;
        methods->Close = &DatabaseClose;
        methods->Read = &DatabaseRead;
        methods->Write = &DatabaseWrite;
        methods->Truncate = &DatabaseTruncate;
        methods->Sync = &DatabaseSync;
        methods->FileSize = &DatabaseFileSize;
        methods->Lock = &DatabaseLock;
        methods->Unlock = &DatabaseUnlock;
        methods->CheckReservedLock = &DatabaseCheckReservedLock;
        methods->FileControl = &DatabaseFileControl;
        methods->SectorSize = &SectorSize;
        methods->DeviceCharacteristics = &DeviceCharacteristics;
        methods->ShmMap = &DatabaseShmMap;
        methods->ShmLock = &DatabaseShmLock;
        methods->ShmBarrier = &DatabaseShmBarrier;
        methods->ShmUnmap = &DatabaseShmUnmap;
        methods->Fetch = &DatabaseFetch;
        methods->Unfetch = &DatabaseUnfetch;
        return methods;
    }

    [UnmanagedCallersOnly]
    private static int DatabaseClose(SqliteNativeFile* file)
    {
        var database = (SqliteWalVfsFile*)file;
        ForgetDatabase(database);

        // SQLite closes the WAL before its database; should it not, the WAL stops being buffered from here on.
        var wal = database->Link;
        if (wal != null)
        {
            Flush(wal);
            wal->Link = null;
            database->Link = null;
        }

        return database->Real->Methods->Close(database->Real);
    }

    [UnmanagedCallersOnly]
    private static int DatabaseRead(SqliteNativeFile* file, void* data, int amount, long offset) =>
        Real(file)->Methods->Read(Real(file), data, amount, offset);

    [UnmanagedCallersOnly]
    private static int DatabaseWrite(SqliteNativeFile* file, void* data, int amount, long offset) =>
        Real(file)->Methods->Write(Real(file), data, amount, offset);

    [UnmanagedCallersOnly]
    private static int DatabaseTruncate(SqliteNativeFile* file, long size) =>
        Real(file)->Methods->Truncate(Real(file), size);

    [UnmanagedCallersOnly]
    private static int DatabaseSync(SqliteNativeFile* file, int flags) => Real(file)->Methods->Sync(Real(file), flags);

    [UnmanagedCallersOnly]
    private static int DatabaseFileSize(SqliteNativeFile* file, long* size) =>
        Real(file)->Methods->FileSize(Real(file), size);

    [UnmanagedCallersOnly]
    private static int DatabaseLock(SqliteNativeFile* file, int level) => Real(file)->Methods->Lock(Real(file), level);

    [UnmanagedCallersOnly]
    private static int DatabaseUnlock(SqliteNativeFile* file, int level) =>
        Real(file)->Methods->Unlock(Real(file), level);

    [UnmanagedCallersOnly]
    private static int DatabaseCheckReservedLock(SqliteNativeFile* file, int* result) =>
        Real(file)->Methods->CheckReservedLock(Real(file), result);

    [UnmanagedCallersOnly]
    private static int DatabaseFileControl(SqliteNativeFile* file, int operation, void* argument) =>
        Real(file)->Methods->FileControl(Real(file), operation, argument);

    [UnmanagedCallersOnly]
    private static int SectorSize(SqliteNativeFile* file) => Real(file)->Methods->SectorSize(Real(file));

    [UnmanagedCallersOnly]
    private static int DeviceCharacteristics(SqliteNativeFile* file) =>
        Real(file)->Methods->DeviceCharacteristics(Real(file));

    [UnmanagedCallersOnly]
    private static int DatabaseShmMap(SqliteNativeFile* file, int region, int regionSize, int extend, void** address)
    {
        var rc = Real(file)->Methods->ShmMap(Real(file), region, regionSize, extend, address);
        if (rc == SqliteOk)
        {
            ((SqliteWalVfsFile*)file)->ShmMapped = 1;
        }

        return rc;
    }

    [UnmanagedCallersOnly]
    private static int DatabaseShmLock(SqliteNativeFile* file, int offset, int count, int flags)
    {
        var wal = ((SqliteWalVfsFile*)file)->Link;

        // Releasing WAL_WRITE_LOCK (slot 0) ends the connection's write transaction. Its commit, if any, went
        // through xShmBarrier, which flushed; what is still buffered belongs to a transaction that was rolled back
        // and that no header points to, so it may be written or dropped, and a failed flush's error is over.
        if (wal != null && (flags & SqliteShmUnlock) != 0 && offset == 0 && count > 0)
        {
            Flush(wal);
            wal->BufferLength = 0;
            wal->PendingError = SqliteOk;
        }

        return Real(file)->Methods->ShmLock(Real(file), offset, count, flags);
    }

    [UnmanagedCallersOnly]
    private static void DatabaseShmBarrier(SqliteNativeFile* file)
    {
        // SQLite publishes a commit's wal-index header across this barrier: its frames must be in the file first.
        var wal = ((SqliteWalVfsFile*)file)->Link;
        if (wal != null)
        {
            FlushOrStop(wal);
        }

        Real(file)->Methods->ShmBarrier(Real(file));
    }

    [UnmanagedCallersOnly]
    private static int DatabaseShmUnmap(SqliteNativeFile* file, int delete)
    {
        var database = (SqliteWalVfsFile*)file;
        if (database->Link != null)
        {
            Flush(database->Link);
        }

        database->ShmMapped = 0;
        return database->Real->Methods->ShmUnmap(database->Real, delete);
    }

    [UnmanagedCallersOnly]
    private static int DatabaseFetch(SqliteNativeFile* file, long offset, int amount, void** address) =>
        Real(file)->Methods->Fetch(Real(file), offset, amount, address);

    [UnmanagedCallersOnly]
    private static int DatabaseUnfetch(SqliteNativeFile* file, long offset, void* address) =>
        Real(file)->Methods->Unfetch(Real(file), offset, address);
}
