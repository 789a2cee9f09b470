using System.Globalization;
using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// A WAL file's methods: appending writes are buffered; every other call first hands the buffer to the real file
/// (a flush), and returns the flush's error instead of going on when it fails.
/// </summary>
internal static unsafe partial class SqliteWalVfs
{
    private static SqliteNativeIoMethods* NewWalMethods()
    {
        var methods = (SqliteNativeIoMethods*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteNativeIoMethods));
        methods->Version = 3;
        methods->Close = &WalClose;
        methods->Read = &WalRead;
        methods->Write = &WalWrite;
        methods->Truncate = &WalTruncate;
        methods->Sync = &WalSync;
        methods->FileSize = &WalFileSize;
        methods->Lock = &WalLock;
        methods->Unlock = &WalUnlock;
        methods->CheckReservedLock = &WalCheckReservedLock;
        methods->FileControl = &WalFileControl;

        // Neither looks at the file's content, so neither needs a flush.
        methods->SectorSize = &SectorSize;
        methods->DeviceCharacteristics = &DeviceCharacteristics;
        methods->ShmMap = &WalShmMap;
        methods->ShmLock = &WalShmLock;
        methods->ShmBarrier = &WalShmBarrier;
        methods->ShmUnmap = &WalShmUnmap;
        methods->Fetch = &WalFetch;
        methods->Unfetch = &WalUnfetch;
        return methods;
    }

    /// <summary>
    /// Hands the buffer to the real file. A failure is kept: every later call on the WAL returns it until the write
    /// transaction ends, so the commit that needed those frames fails at its xSync (or the process stops at its
    /// xShmBarrier) even when SQLite ignored the call that first reported it.
    /// </summary>
    private static int Flush(SqliteWalVfsFile* wal)
    {
        if (wal->PendingError != SqliteOk)
        {
            return wal->PendingError;
        }

        if (wal->BufferLength == 0)
        {
            return SqliteOk;
        }

        var rc = WriteReal(wal, wal->Buffer, wal->BufferLength, wal->BufferOffset);
        wal->BufferLength = 0;
        wal->PendingError = rc;
        return rc;
    }

    private static void FlushOrStop(SqliteWalVfsFile* wal)
    {
        var rc = Flush(wal);
        if (rc != SqliteOk)
        {
            Environment.FailFast(
                "Stepwise could not write a SQLite commit's WAL frames (SQLite error " +
                rc.ToString(CultureInfo.InvariantCulture) + ") just before SQLite makes the commit visible, where " +
                "SQLite cannot be told; stopping so that no reader sees a commit whose frames are not in the file.");
        }
    }

    private static int WriteReal(SqliteWalVfsFile* wal, void* data, int amount, long offset)
    {
        SqliteWalVfsCounters.RealWalWrites++;
        var injected = SqliteWalVfsCounters.InjectedWriteError;
        return injected != SqliteOk ? injected : wal->Real->Methods->Write(wal->Real, data, amount, offset);
    }

    [UnmanagedCallersOnly]
    private static int WalWrite(SqliteNativeFile* file, void* data, int amount, long offset)
    {
        var wal = (SqliteWalVfsFile*)file;
        SqliteWalVfsCounters.WalWrites++;
        if (wal->PendingError != SqliteOk)
        {
            return wal->PendingError;
        }

        var length = wal->BufferLength;
        if (length > 0 && offset == wal->BufferOffset + length && amount <= MaxBuffer - length
            && Reserve(wal, length + amount))
        {
            NativeMemory.Copy(data, wal->Buffer + length, (nuint)amount);
            wal->BufferLength = length + amount;
            return SqliteOk;
        }

        var rc = Flush(wal);
        if (rc != SqliteOk)
        {
            return rc;
        }

        // Only a connection whose commits are published through the wal-index (and so pass xShmBarrier) buffers.
        if (wal->Link == null || wal->Link->ShmMapped == 0 || amount > MaxBuffer || !Reserve(wal, amount))
        {
            return WriteReal(wal, data, amount, offset);
        }

        NativeMemory.Copy(data, wal->Buffer, (nuint)amount);
        wal->BufferOffset = offset;
        wal->BufferLength = amount;
        return SqliteOk;
    }

    /// <summary>Grows the buffer to hold <paramref name="size"/> bytes; false when memory runs out.</summary>
    private static bool Reserve(SqliteWalVfsFile* wal, int size)
    {
        if (size <= wal->BufferCapacity)
        {
            return true;
        }

        var capacity = Math.Max(FirstBuffer, wal->BufferCapacity);
        while (capacity < size)
        {
            capacity *= 2;
        }

        capacity = Math.Min(capacity, MaxBuffer);
        try
        {
            wal->Buffer = (byte*)NativeMemory.Realloc(wal->Buffer, (nuint)capacity);
            wal->BufferCapacity = capacity;
            return true;
        }
        catch (OutOfMemoryException)
        {
            return false;
        }
    }

    [UnmanagedCallersOnly]
    private static int WalClose(SqliteNativeFile* file)
    {
        var wal = (SqliteWalVfsFile*)file;
        var rc = Flush(wal);
        NativeMemory.Free(wal->Buffer);
        wal->Buffer = null;
        wal->BufferCapacity = 0;
        if (wal->Link != null)
        {
            wal->Link->Link = null;
            wal->Link = null;
        }

        var closed = wal->Real->Methods->Close(wal->Real);
        return rc != SqliteOk ? rc : closed;
    }

    [UnmanagedCallersOnly]
    private static int WalRead(SqliteNativeFile* file, void* data, int amount, long offset)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->Read(Real(file), data, amount, offset);
    }

    [UnmanagedCallersOnly]
    private static int WalTruncate(SqliteNativeFile* file, long size)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->Truncate(Real(file), size);
    }

    [UnmanagedCallersOnly]
    private static int WalSync(SqliteNativeFile* file, int flags)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->Sync(Real(file), flags);
    }

    [UnmanagedCallersOnly]
    private static int WalFileSize(SqliteNativeFile* file, long* size)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->FileSize(Real(file), size);
    }

    [UnmanagedCallersOnly]
    private static int WalLock(SqliteNativeFile* file, int level)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->Lock(Real(file), level);
    }

    [UnmanagedCallersOnly]
    private static int WalUnlock(SqliteNativeFile* file, int level)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->Unlock(Real(file), level);
    }

    [UnmanagedCallersOnly]
    private static int WalCheckReservedLock(SqliteNativeFile* file, int* result)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->CheckReservedLock(Real(file), result);
    }

    [UnmanagedCallersOnly]
    private static int WalFileControl(SqliteNativeFile* file, int operation, void* argument)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->FileControl(Real(file), operation, argument);
    }

    [UnmanagedCallersOnly]
    private static int WalShmMap(SqliteNativeFile* file, int region, int regionSize, int extend, void** address)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->ShmMap(Real(file), region, regionSize, extend, address);
    }

    [UnmanagedCallersOnly]
    private static int WalShmLock(SqliteNativeFile* file, int offset, int count, int flags)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->ShmLock(Real(file), offset, count, flags);
    }

    [UnmanagedCallersOnly]
    private static void WalShmBarrier(SqliteNativeFile* file)
    {
        FlushOrStop((SqliteWalVfsFile*)file);
        Real(file)->Methods->ShmBarrier(Real(file));
    }

    [UnmanagedCallersOnly]
    private static int WalShmUnmap(SqliteNativeFile* file, int delete)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->ShmUnmap(Real(file), delete);
    }

    [UnmanagedCallersOnly]
    private static int WalFetch(SqliteNativeFile* file, long offset, int amount, void** address)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->Fetch(Real(file), offset, amount, address);
    }

    [UnmanagedCallersOnly]
    private static int WalUnfetch(SqliteNativeFile* file, long offset, void* address)
    {
        var rc = Flush((SqliteWalVfsFile*)file);
        return rc != SqliteOk ? rc : Real(file)->Methods->Unfetch(Real(file), offset, address);
    }
}
