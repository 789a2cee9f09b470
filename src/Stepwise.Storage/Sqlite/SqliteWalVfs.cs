using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// A SQLite VFS, registered as the process's default, that wraps the platform's one so that a commit's WAL frames
/// reach the kernel in one write instead of two per page (SQLite writes each frame's 24-byte header and its page
/// separately). Only a WAL file whose connection uses the shared wal-index is buffered; every other file passes
/// straight through to the real VFS.
/// </summary>
/// <remarks>
/// <para>
/// Appending writes to the WAL are kept in memory and handed to the real file in one call before anything else
/// happens to it (sync, read, size, truncate, lock, file control, close), on a write that does not append, and when
/// the buffer reaches <see cref="MaxBuffer"/>. A commit is durable only after the WAL's xSync, which flushes first
/// and fails the commit when the flush fails. Other connections read frames only after the writer publishes the
/// wal-index header, and SQLite calls the database file's xShmBarrier between the two copies of that header
/// (walIndexWriteHdr), after the frames are written and, at synchronous=FULL, synced: the barrier flushes the
/// same connection's WAL first, so at synchronous=NORMAL or OFF too no reader (nor a later crash recovery of a
/// killed process) can see a commit whose frames are still in this process's memory. A barrier cannot return an
/// error, so a flush failing there stops the process rather than let readers see frames that are not in the file.
/// </para>
/// <para>
/// A connection without shared memory (locking_mode=EXCLUSIVE set before WAL mode) publishes no header and never
/// calls xShmBarrier, so its WAL is not buffered.
/// </para>
/// </remarks>
internal static unsafe partial class SqliteWalVfs
{
    private const int SqliteOk = 0;
    private const int SqliteOpenMainDb = 0x00000100;
    private const int SqliteOpenWal = 0x00080000;

    /// <summary>
    /// The most a WAL buffers before it writes: several times one commit of a run. No more, because the unix VFS
    /// writes at most 0x1ffff bytes per call (seekAndWriteFd masks the count with it; a larger write comes out
    /// short and fails as SQLITE_FULL).
    /// </summary>
    private const int MaxBuffer = 0x1ffff;

    private const int FirstBuffer = 64 << 10;

    private static readonly Lock Gate = new();

    // Each open database (a connection's main file) by the name SQLite will open its WAL with: the pager builds
    // both names in one allocation, so the WAL's xOpen receives exactly this pointer.
    private static readonly Dictionary<nint, nint> DatabasesByWalName = [];

    private static SqliteNativeVfs* _real;
    private static SqliteNativeVfs* _vfs;
    private static SqliteNativeIoMethods* _databaseMethods;
    private static SqliteNativeIoMethods* _walMethods;

    /// <summary>Where this VFS's part of an open file ends and the real VFS's file begins.</summary>
    private static int HeaderSize => (sizeof(SqliteWalVfsFile) + 7) & ~7;

    /// <summary>Whether the VFS is registered (false when the platform's VFS is too old to wrap).</summary>
    public static bool IsRegistered
    {
        get
        {
            lock (Gate)
            {
                return _vfs != null;
            }
        }
    }

    /// <summary>
    /// Registers the VFS as SQLite's default, once per process; connections opened before keep the VFS they had.
    /// </summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_vfs != null)
            {
                return;
            }

            // Microsoft.Data.Sqlite's set-up of the native library first: finding a VFS initializes SQLite.
            SQLitePCL.Batteries_V2.Init();
            var real = FindVfs(null);
            if (real == null || real->Version < 3)
            {
                return;
            }

            _databaseMethods = NewDatabaseMethods();
            _walMethods = NewWalMethods();
            var vfs = (SqliteNativeVfs*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteNativeVfs));
            vfs->Version = 3;
            vfs->FileSize = HeaderSize + real->FileSize;
            vfs->MaxPathname = real->MaxPathname;
            vfs->Name = (byte*)Marshal.StringToCoTaskMemUTF8("stepwise-wal");
            vfs->AppData = real;
            vfs->Open = &Open;
            vfs->Delete = &Delete;
            vfs->Access = &Access;
            vfs->FullPathname = &FullPathname;
            vfs->DlOpen = &DlOpen;
            vfs->DlError = &DlError;
            vfs->DlSym = &DlSym;
            vfs->DlClose = &DlClose;
            vfs->Randomness = &Randomness;
            vfs->Sleep = &Sleep;
            vfs->CurrentTime = &CurrentTime;
            vfs->GetLastError = &GetLastError;
            vfs->CurrentTimeInt64 = &CurrentTimeInt64;
            vfs->SetSystemCall = &SetSystemCall;
            vfs->GetSystemCall = &GetSystemCall;
            vfs->NextSystemCall = &NextSystemCall;

            _real = real;
            if (RegisterVfs(vfs, 1) != SqliteOk)
            {
                return;
            }

            // SQLite keeps the pointer for the life of the process, so the struct is never freed.
            _vfs = vfs;
        }
    }

    [UnmanagedCallersOnly]
    private static int Open(SqliteNativeVfs* vfs, byte* name, SqliteNativeFile* file, int flags, int* outFlags)
    {
        var wrapper = (SqliteWalVfsFile*)file;
        if (name != null && (flags & SqliteOpenMainDb) != 0)
        {
            return OpenDatabase(wrapper, name, flags, outFlags);
        }

        if (name != null && (flags & SqliteOpenWal) != 0)
        {
            var database = FindDatabase(name);
            if (database != null && database->Link == null)
            {
                return OpenWal(wrapper, database, name, flags, outFlags);
            }
        }

        // Everything else is the real VFS's file in place: SQLite calls its methods directly.
        return _real->Open(_real, name, file, flags, outFlags);
    }

    private static int OpenDatabase(SqliteWalVfsFile* wrapper, byte* name, int flags, int* outFlags)
    {
        var rc = OpenWrapped(wrapper, name, flags, outFlags);
        if (rc != SqliteOk)
        {
            return rc;
        }

        var methods = wrapper->Real->Methods;
        if (methods->Version < 3 || methods->ShmMap == null || methods->ShmBarrier == null)
        {
            // Not a file this VFS knows how to wrap: reopen it as the real VFS's own.
            methods->Close(wrapper->Real);
            return _real->Open(_real, name, (SqliteNativeFile*)wrapper, flags, outFlags);
        }

        wrapper->Methods = _databaseMethods;
        wrapper->WalName = FilenameWal(name);
        if (wrapper->WalName != null)
        {
            lock (Gate)
            {
                DatabasesByWalName[(nint)wrapper->WalName] = (nint)wrapper;
            }
        }

        return SqliteOk;
    }

    private static int OpenWal(
        SqliteWalVfsFile* wrapper, SqliteWalVfsFile* database, byte* name, int flags, int* outFlags)
    {
        var rc = OpenWrapped(wrapper, name, flags, outFlags);
        if (rc != SqliteOk)
        {
            return rc;
        }

        wrapper->Methods = _walMethods;
        wrapper->Link = database;
        database->Link = wrapper;
        return SqliteOk;
    }

    private static int OpenWrapped(SqliteWalVfsFile* wrapper, byte* name, int flags, int* outFlags)
    {
        *wrapper = default;
        wrapper->Real = (SqliteNativeFile*)((byte*)wrapper + HeaderSize);
        var rc = _real->Open(_real, name, wrapper->Real, flags, outFlags);
        if (rc != SqliteOk)
        {
            // SQLite closes a file whose xOpen failed only if it has methods; the real VFS left its own null.
            wrapper->Methods = null;
        }

        return rc;
    }

    private static SqliteWalVfsFile* FindDatabase(byte* walName)
    {
        lock (Gate)
        {
            return DatabasesByWalName.TryGetValue((nint)walName, out var database)
                ? (SqliteWalVfsFile*)database
                : null;
        }
    }

    private static void ForgetDatabase(SqliteWalVfsFile* database)
    {
        if (database->WalName == null)
        {
            return;
        }

        lock (Gate)
        {
            if (DatabasesByWalName.TryGetValue((nint)database->WalName, out var known) && known == (nint)database)
            {
                DatabasesByWalName.Remove((nint)database->WalName);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SqliteNativeFile* Real(SqliteNativeFile* file) => ((SqliteWalVfsFile*)file)->Real;

    // The same native library Microsoft.Data.Sqlite loads (SQLitePCLRaw's bundle_e_sqlite3).
    [DllImport("e_sqlite3", EntryPoint = "sqlite3_vfs_find", CallingConvention = CallingConvention.Cdecl)]
    private static extern SqliteNativeVfs* FindVfs(byte* name);

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_vfs_register", CallingConvention = CallingConvention.Cdecl)]
    private static extern int RegisterVfs(SqliteNativeVfs* vfs, int makeDefault);

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_filename_wal", CallingConvention = CallingConvention.Cdecl)]
    private static extern byte* FilenameWal(byte* databaseName);
}
