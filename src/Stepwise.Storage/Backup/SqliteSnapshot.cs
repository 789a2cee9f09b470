using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Backup;

/// <summary>
/// A consistent copy of a live SQLite store through SQLite's online backup API (<c>sqlite3_backup_step(-1)</c>, which
/// <see cref="SqliteConnection.BackupDatabase(SqliteConnection)"/> calls): every page is copied inside one read
/// transaction, so the copy is the database as of one commit. In WAL mode a reader never blocks the writer, so the
/// server goes on committing runs meanwhile; their commits after that point are simply not in the copy.
/// </summary>
public static class SqliteSnapshot
{
    /// <summary>Copies <paramref name="sourcePath"/> into a new file <paramref name="destinationPath"/>.</summary>
    public static void Copy(string sourcePath, string destinationPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourcePath);
        ArgumentException.ThrowIfNullOrWhiteSpace(destinationPath);
        try
        {
            using var source = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.GetFullPath(sourcePath),
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            source.Open();
            using (var wait = source.CreateCommand())
            {
                // A checkpoint or the writer may hold a lock for a moment; wait for it rather than fail.
                wait.CommandText = "PRAGMA busy_timeout = 30000;";
                wait.ExecuteNonQuery();
            }

            using var destination = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = Path.GetFullPath(destinationPath),
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString());
            destination.Open();
            source.BackupDatabase(destination);
        }
        catch (SqliteException exception)
        {
            throw new StorageException($"SQLite could not copy '{Path.GetFullPath(sourcePath)}': {exception.Message}", exception);
        }
    }
}
