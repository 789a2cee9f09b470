using System.Runtime.InteropServices;

namespace Stepwise.Storage.Sqlite;

/// <summary>The VFS methods other than xOpen: the real VFS's, called with the real VFS.</summary>
internal static unsafe partial class SqliteWalVfs
{
    [UnmanagedCallersOnly]
    private static int Delete(SqliteNativeVfs* vfs, byte* name, int syncDirectory) =>
        _real->Delete(_real, name, syncDirectory);

    [UnmanagedCallersOnly]
    private static int Access(SqliteNativeVfs* vfs, byte* name, int flags, int* result) =>
        _real->Access(_real, name, flags, result);

    [UnmanagedCallersOnly]
    private static int FullPathname(SqliteNativeVfs* vfs, byte* name, int size, byte* output) =>
        _real->FullPathname(_real, name, size, output);

    [UnmanagedCallersOnly]
    private static void* DlOpen(SqliteNativeVfs* vfs, byte* name) => _real->DlOpen(_real, name);

    [UnmanagedCallersOnly]
    private static void DlError(SqliteNativeVfs* vfs, int size, byte* message) => _real->DlError(_real, size, message);

    [UnmanagedCallersOnly]
    private static void* DlSym(SqliteNativeVfs* vfs, void* library, byte* symbol) =>
        _real->DlSym(_real, library, symbol);

    [UnmanagedCallersOnly]
    private static void DlClose(SqliteNativeVfs* vfs, void* library) => _real->DlClose(_real, library);

    [UnmanagedCallersOnly]
    private static int Randomness(SqliteNativeVfs* vfs, int size, byte* output) =>
        _real->Randomness(_real, size, output);

    [UnmanagedCallersOnly]
    private static int Sleep(SqliteNativeVfs* vfs, int microseconds) => _real->Sleep(_real, microseconds);

    [UnmanagedCallersOnly]
    private static int CurrentTime(SqliteNativeVfs* vfs, double* time) => _real->CurrentTime(_real, time);

    [UnmanagedCallersOnly]
    private static int GetLastError(SqliteNativeVfs* vfs, int size, byte* message) =>
        _real->GetLastError(_real, size, message);

    [UnmanagedCallersOnly]
    private static int CurrentTimeInt64(SqliteNativeVfs* vfs, long* time) => _real->CurrentTimeInt64(_real, time);

    [UnmanagedCallersOnly]
    private static int SetSystemCall(SqliteNativeVfs* vfs, byte* name, void* call) =>
        _real->SetSystemCall(_real, name, call);

    [UnmanagedCallersOnly]
    private static void* GetSystemCall(SqliteNativeVfs* vfs, byte* name) => _real->GetSystemCall(_real, name);

    [UnmanagedCallersOnly]
    private static byte* NextSystemCall(SqliteNativeVfs* vfs, byte* name) => _real->NextSystemCall(_real, name);
}
