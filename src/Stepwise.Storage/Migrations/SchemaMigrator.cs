using System.Data.Common;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Migrations;

/// <summary>
/// The schema of one database, for <c>stepwise db current|history|upgrade|downgrade</c>. Opening it changes
/// nothing; only <see cref="UpgradeAsync"/> and <see cref="DowngradeAsync"/> do.
/// </summary>
public sealed class SchemaMigrator : IAsyncDisposable
{
    private readonly SqlDialect _dialect;
    private readonly DbConnection _connection;
    private readonly MigrationRunner _runner;

    internal SchemaMigrator(SqlDialect dialect, DbConnection connection, MigrationRunner runner)
    {
        _dialect = dialect;
        _connection = connection;
        _runner = runner;
    }

    /// <summary>The newest schema version this build knows.</summary>
    public int LatestVersion => _runner.LatestVersion;

    /// <summary>Every schema version this build knows, ascending, starting with 0 (empty).</summary>
    public IReadOnlyList<int> KnownVersions => _runner.KnownVersions;

    /// <summary>Where the database is, for messages (a file path; never a password).</summary>
    public string Location => _dialect.Description;

    /// <summary>The version the database is at: 0 when empty. A database ahead of this build reports its version.</summary>
    public Task<int> GetCurrentVersionAsync(CancellationToken cancellationToken = default) =>
        TranslateAsync("Reading the schema version", () => _runner.GetCurrentVersionAsync(_connection, cancellationToken));

    /// <summary>Every migration in version order, with when it was applied (null while pending).</summary>
    public Task<IReadOnlyList<MigrationHistoryEntry>> GetHistoryAsync(CancellationToken cancellationToken = default) =>
        TranslateAsync("Reading the migration history", () => _runner.GetHistoryAsync(_connection, cancellationToken));

    /// <summary>
    /// Applies pending migrations up to <paramref name="targetVersion"/> (the latest when null) and returns those
    /// applied. Throws <see cref="SchemaVersionException"/> when the database is ahead of this build or above the
    /// target.
    /// </summary>
    public Task<IReadOnlyList<MigrationHistoryEntry>> UpgradeAsync(
        int? targetVersion = null, CancellationToken cancellationToken = default) =>
        TranslateAsync("Upgrading the schema", () => _runner.UpgradeAsync(_connection, targetVersion, cancellationToken));

    /// <summary>
    /// Reverts migrations, newest first, down to <paramref name="targetVersion"/> (0 removes every table) and
    /// returns those reverted. Data in dropped tables is lost.
    /// </summary>
    public Task<IReadOnlyList<MigrationHistoryEntry>> DowngradeAsync(
        int targetVersion, CancellationToken cancellationToken = default) =>
        TranslateAsync("Downgrading the schema", () => _runner.DowngradeAsync(_connection, targetVersion, cancellationToken));

    /// <summary>Provider errors (a lost connection, a lock) become storage exceptions naming the database.</summary>
    private async Task<T> TranslateAsync<T>(string operation, Func<Task<T>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            var translated = StorageErrors.Translate(_dialect, exception, $"{operation} of {_dialect.Description}");
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        _dialect.ReleaseResources();
    }
}
