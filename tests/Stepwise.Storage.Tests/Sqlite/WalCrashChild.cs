using Microsoft.Data.Sqlite;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>
/// The child process of <see cref="SqliteWalVfsTests"/>'s kill test: commits rows through the WAL VFS, one per
/// transaction, and after each commit returns appends its id to an acknowledgement file, until it is killed.
/// </summary>
internal static class WalCrashChild
{
    public const string Verb = "wal-crash-child";

    // Bounds the file and the child's life should the test not kill it (a few hundred MB).
    private const int MaxRows = 20_000;

    public static int Run(string path, string acknowledgements, string synchronous)
    {
        SqliteWalVfs.EnsureRegistered();
        using var writer = SqliteWalVfsTests.Open(path);
        SqliteWalVfsTests.Execute(writer, $"PRAGMA synchronous = {synchronous};");
        using var checkpointer = SqliteWalVfsTests.Open(path);
        using var acks = new FileStream(acknowledgements, FileMode.Append, FileAccess.Write, FileShare.Read);
        var checkpoints = new Thread(() =>
        {
            while (true)
            {
                SqliteWalVfsTests.Execute(checkpointer, "PRAGMA wal_checkpoint(RESTART);");
                // Pacing, not a wait for anything: RESTART checkpoints back to back would starve the writers of the WAL.
                Thread.Sleep(5);
            }
        }) { IsBackground = true };
        checkpoints.Start();
        for (var id = 1; id <= MaxRows; id++)
        {
            SqliteWalVfsTests.Insert(writer, id);

            // In the kernel once written: a killed process loses nothing it wrote.
            var line = System.Text.Encoding.ASCII.GetBytes($"{id}\n");
            acks.Write(line);
            acks.Flush();
        }

        // Not killed after all its rows: the test stopped waiting. Exiting leaves no orphan behind a test run that died.
        return 3;
    }
}
