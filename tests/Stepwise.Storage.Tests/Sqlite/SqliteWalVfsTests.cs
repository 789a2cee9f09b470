using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Stepwise.Storage.Sqlite;
using Stepwise.Testing;

namespace Stepwise.Storage.Tests.Sqlite;

/// <summary>
/// The WAL VFS (<see cref="SqliteWalVfs"/>): a commit's frames reach the WAL in one write, and what was committed
/// reads back whole, across connections, checkpoints, reopening and a killed process. Real files.
/// </summary>
public sealed class SqliteWalVfsTests : IDisposable
{
    // Five pages of overflow per row and its table page: a commit of about seven pages (fourteen frame writes).
    private const int RowBytes = 5 * 4096;

    private readonly TempFolder folder = new();

    public SqliteWalVfsTests() => SqliteWalVfs.EnsureRegistered();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Registered_AsSqlitesDefault() => Assert.True(SqliteWalVfs.IsRegistered);

    [Fact]
    public void Commit_OfManyPages_ReachesTheWalInOneWrite()
    {
        using var connection = Open(folder.File("one.db"));
        Insert(connection, 1);

        var asked = SqliteWalVfsCounters.WalWrites;
        var written = SqliteWalVfsCounters.RealWalWrites;
        Insert(connection, 2);
        asked = SqliteWalVfsCounters.WalWrites - asked;
        written = SqliteWalVfsCounters.RealWalWrites - written;

        Assert.True(asked >= 12, $"SQLite asked for {asked} WAL writes");
        Assert.Equal(1, written);
        AssertRows(connection, [1, 2]);
    }

    [Fact]
    public void Commit_LargerThanTheBuffer_ReachesTheWalInSeveralWritesAndReadsBackWhole()
    {
        var path = folder.File("large.db");
        using (var connection = Open(path))
        {
            Execute(connection, "BEGIN;");
            for (var id = 1; id <= 40; id++)
            {
                Insert(connection, id);
            }

            var written = SqliteWalVfsCounters.RealWalWrites;
            Execute(connection, "COMMIT;");
            written = SqliteWalVfsCounters.RealWalWrites - written;

            // About 200 pages, 850 KB: the buffer takes at most 128 KB at a time.
            Assert.InRange(written, 6, 40);
            AssertRows(connection, Enumerable.Range(1, 40).ToArray());
        }

        using var reopened = Open(path);
        AssertRows(reopened, Enumerable.Range(1, 40).ToArray());
        Assert.Equal("ok", Scalar(reopened, "PRAGMA integrity_check;"));
    }

    [Fact]
    public void Commit_WhoseWalWriteFails_FailsAndTheConnectionWritesOnAfterwards()
    {
        var path = folder.File("full.db");
        using (var connection = Open(path))
        {
            Insert(connection, 1);
            SqliteWalVfsCounters.InjectedWriteError = 13; // SQLITE_FULL
            SqliteException failure;
            try
            {
                failure = Assert.Throws<SqliteException>(() => Insert(connection, 2));
            }
            finally
            {
                SqliteWalVfsCounters.InjectedWriteError = 0;
            }

            Assert.Equal(13, failure.SqliteErrorCode);
            Insert(connection, 3);
            AssertRows(connection, [1, 3]);
        }

        using var reopened = Open(path);
        AssertRows(reopened, [1, 3]);
        Assert.Equal("ok", Scalar(reopened, "PRAGMA integrity_check;"));
    }

    [Fact]
    public async Task Commits_FromWritersAtEachSyncLevel_WithReadersAndCheckpoints_ReadBackWholeAfterReopening()
    {
        var path = folder.File("many.db");
        using (var create = Open(path))
        {
            Execute(create, "SELECT 1;");
        }

        const int Writers = 4;
        const int RowsEach = 60;
        using var done = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers).Select(writer => Task.Run(() =>
        {
            using var connection = Open(path);

            // NORMAL commits without a sync: the frames must reach the file before the commit is published.
            Execute(connection, writer % 2 == 0 ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
            for (var i = 0; i < RowsEach; i++)
            {
                Insert(connection, (writer * RowsEach) + i + 1);
            }
        })).ToArray();
        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            using var connection = Open(path);
            while (!done.IsCancellationRequested)
            {
                // Any row a reader sees is whole.
                using var read = connection.CreateCommand();
                read.CommandText = "SELECT id, data FROM rows ORDER BY random() LIMIT 3;";
                using var rows = read.ExecuteReader();
                while (rows.Read())
                {
                    Assert.Equal(Row(rows.GetInt32(0)), (byte[])rows[1]);
                }
            }
        })).ToArray();
        var checkpoints = Task.Run(() =>
        {
            using var connection = Open(path);
            while (!done.IsCancellationRequested)
            {
                Execute(connection, "PRAGMA wal_checkpoint(RESTART);");
                // Pacing, not a wait for anything: RESTART checkpoints back to back would starve the writers of the WAL.
                Thread.Sleep(2);
            }
        });

        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            await done.CancelAsync();
            await Task.WhenAll([.. readers, checkpoints]);
        }

        using var reopened = Open(path);
        AssertRows(reopened, Enumerable.Range(1, Writers * RowsEach).ToArray());
        Assert.Equal("ok", Scalar(reopened, "PRAGMA integrity_check;"));
    }

    [Theory]
    [InlineData("FULL")]
    [InlineData("NORMAL")]
    public async Task Commits_AcknowledgedBeforeAKill9_AreAllThereAfterReopening(string synchronous)
    {
        var path = folder.File("killed.db");
        var acknowledgements = folder.File("acks.txt");
        using (var create = Open(path))
        {
            Execute(create, "SELECT 1;");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "exec", typeof(Program).Assembly.Location, WalCrashChild.Verb, path, acknowledgements, synchronous },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var child = Process.Start(start)!;
        try
        {
            var deadline = Stopwatch.StartNew();
            while (Acknowledged(acknowledgements).Length < 300)
            {
                if (child.HasExited)
                {
                    Assert.Fail($"The child exited: {await child.StandardError.ReadToEndAsync()}");
                }

                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "The child committed too slowly.");
                await Task.Delay(20);
            }
        }
        finally
        {
            // Process.Kill is SIGKILL on Unix: no flush, no close, as a crash.
            if (!child.HasExited)
            {
                child.Kill();
            }

            await child.WaitForExitAsync();
        }

        var acknowledged = Acknowledged(acknowledgements);

        using var reopened = Open(path);
        var present = Ids(reopened).ToHashSet();
        Assert.All(acknowledged, id => Assert.Contains(id, present));
        Assert.Equal("ok", Scalar(reopened, "PRAGMA integrity_check;"));
        AssertRows(reopened, [.. present.Order()]);
    }

    internal static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA busy_timeout = 30000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
        Execute(connection, "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, data BLOB NOT NULL);");
        return connection;
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static void Insert(SqliteConnection connection, int id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO rows (id, data) VALUES ($id, $data);";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$data", Row(id));
        command.ExecuteNonQuery();
    }

    private static byte[] Row(int id)
    {
        var data = new byte[RowBytes];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((id * 31) + i);
        }

        return data;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static List<int> Ids(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM rows ORDER BY id;";
        using var rows = command.ExecuteReader();
        var ids = new List<int>();
        while (rows.Read())
        {
            ids.Add(rows.GetInt32(0));
        }

        return ids;
    }

    private static void AssertRows(SqliteConnection connection, int[] expected)
    {
        Assert.Equal(expected, Ids(connection));
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, data FROM rows ORDER BY id;";
        using var rows = command.ExecuteReader();
        while (rows.Read())
        {
            Assert.Equal(Row(rows.GetInt32(0)), (byte[])rows[1]);
        }
    }

    // Only whole lines: the kill may come between a line's bytes.
    private static int[] Acknowledged(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        var end = text.LastIndexOf('\n');
        return end < 0 ? [] : [.. text[..end].Split('\n').Select(int.Parse)];
    }
}
