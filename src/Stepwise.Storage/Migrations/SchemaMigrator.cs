using System.Data.Common;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Migrations;

/// <summary>
/// The schema of one database, for <c>stepwise db current|history|upgrade|downgrade</c>. Opening it changes
/// nothing; only <see cref="UpgradeAsync"/> and <see cref="DowngradeAsync"/> do.
/// </summary>
public sealed class SchemaMigrator : IAsyncDisposable
{
    private readonly SqlDialect dialect;
    private readonly DbConnection connection;
    private readonly MigrationRunner runner;

    internal SchemaMigrator(SqlDialect dialect, DbConnection connection, MigrationRunner runner)
    {
        this.dialect = dialect;
        this.connection = connection;
        this.runner = runner;
    }

    /// <summary>The newest schema version this build knows.</summary>
    public int LatestVersion => runner.LatestVersion;

    /// <summary>Every schema version this build knows, ascending, starting with 0 (empty).</summary>
    public IReadOnlyList<int> KnownVersions => runner.KnownVersions;

    /// <summary>Where the database is, for messages (a file path; never a password).</summary>
    public string Location => dialect.Description;

    /// <summary>The version the database is at: 0 when empty. A database ahead of this build reports its version.</summary>
    public Task<int> GetCurrentVersionAsync(CancellationToken cancellationToken = default) =>
        TranslateAsync("Reading the schema version", () => runner.GetCurrentVersionAsync(connection, cancellationToken));

    /// <summary>Every migration in version order, with when it was applied (null while pending).</summary>
    public Task<IReadOnlyList<MigrationHistoryEntry>> GetHistoryAsync(CancellationToken cancellationToken = default) =>
        TranslateAsync("Reading the migration history", () => runner.GetHistoryAsync(connection, cancellationToken));

    /// <summary>
    /// Applies pending migrations up to <paramref name="targetVersion"/> (the latest when null) and returns those
    /// applied. Throws <see cref="SchemaVersionException"/> when the database is ahead of this build or above the
    /// target.
    /// </summary>
    public Task<IReadOnlyList<MigrationHistoryEntry>> UpgradeAsync(
        int? targetVersion = null, CancellationToken cancellationToken = default) =>
        TranslateAsync("Upgrading the schema", () => runner.UpgradeAsync(connection, targetVersion, cancellationToken));

    /// <summary>
    /// Reverts migrations, newest first, down to <paramref name="targetVersion"/> (0 removes every table) and
    /// returns those reverted. Data in dropped tables is lost.
    /// </summary>
    public Task<IReadOnlyList<MigrationHistoryEntry>> DowngradeAsync(
        int targetVersion, CancellationToken cancellationToken = default) =>
        TranslateAsync("Downgrading the schema", () => runner.DowngradeAsync(connection, targetVersion, cancellationToken));

    /// <summary>Provider errors (a lost connection, a lock) become storage exceptions naming the database.</summary>
    private async Task<T> TranslateAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var translated = StorageErrors.Translate(dialect, exception, $"{operation} of {dialect.Description}");
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await connection.DisposeAsync().ConfigureAwait(false);
        dialect.ReleaseResources();
    }
}
