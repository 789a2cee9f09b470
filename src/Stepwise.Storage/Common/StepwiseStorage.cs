using System.Data.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Storage;
using Stepwise.Storage.Migrations;

namespace Stepwise.Storage;

/// <summary>
/// An open durable store: the storage interfaces over one database, sharing one writer. Open it with a
/// dialect's entry point such as <see cref="Sqlite.SqliteStorage.OpenAsync"/>. Disposing it commits every write
/// already appended, then closes the database.
/// </summary>
public sealed class StepwiseStorage : IAsyncDisposable
{
    private readonly Common.SqlDialect _dialect;
    private readonly Common.StorageWriter _writer;
    private readonly ILogger _logger;
    private int _disposed;

    private StepwiseStorage(
        Common.SqlDialect dialect, Common.StorageWriter writer, TimeProvider timeProvider, int schemaVersion, ILogger logger)
    {
        _dialect = dialect;
        _writer = writer;
        _logger = logger;
        var readers = new Common.ReaderConnections(dialect, writer.Faults);
        var localSignal = new Common.WorkSignal();
        WorkSignal = dialect.CreateWorkSignal(localSignal, timeProvider, logger);
        Executions = new Common.ExecutionStore(writer, readers, timeProvider, localSignal);
        Workflows = new Common.WorkflowStore(writer, readers, timeProvider);
        Organizations = new Common.OrganizationStore(writer, readers);
        ApiKeys = new Common.ApiKeyStore(writer, readers);
        Users = new Common.UserStore(writer, readers);
        RefreshTokens = new Common.RefreshTokenStore(writer, readers);
        Audit = new Common.AuditStore(writer, readers);
        WorkflowDirectory = new Common.WorkflowDirectory(writer, readers, timeProvider);
        ExecutionQueries = new Common.ExecutionQueries(readers);
        Schedules = new Common.ScheduleStateStore(writer, readers);
        Admin = new Common.ExecutionAdmin(writer, readers);
        CancelRequests = new CancelRequests(readers);
        Secrets = new Common.SecretStore(writer, readers);
        Config = new Common.OrgConfigStore(writer, readers);
        OAuthConnections = new Common.OAuthConnectionStore(writer, readers);
        KeyFingerprints = new Common.KeyFingerprintStore(writer, readers);
        Records = new Common.RecordStore(writer, readers);
        Query = new Query.QueryRunner(dialect, logger);
        Signals = new Common.SignalStore(writer, readers, localSignal);
        WorkspaceSources = new Common.WorkspaceSourceStore(writer, readers);
        SchemaVersion = schemaVersion;
        Diagnostics = new Diagnostics.StorageDiagnostics(dialect, readers, writer, schemaVersion);
    }

    public IExecutionStore Executions { get; }

    /// <summary>The single batching writer of this process (group commit).</summary>
    public IExecutionJournal Journal => _writer;

    public IWorkflowStore Workflows { get; }

    /// <summary>
    /// Raised when a run is created, by this process or (on PostgreSQL) any other sharing the database: idle
    /// workers wait on it, then claim with <see cref="IExecutionStore.ClaimResumableAsync"/>.
    /// </summary>
    public IWorkSignal WorkSignal { get; }

    public IOrganizationStore Organizations { get; }

    public IApiKeyStore ApiKeys { get; }

    /// <summary>Users who sign in with a password, and their roles per organization.</summary>
    public IUserStore Users { get; }

    /// <summary>Hashed refresh tokens of signed-in users.</summary>
    public IRefreshTokenStore RefreshTokens { get; }

    /// <summary>The append-only audit log.</summary>
    public IAuditStore Audit { get; }

    /// <summary>Deployed workflows as the server manages them (list, versions, delete).</summary>
    public IWorkflowDirectory WorkflowDirectory { get; }

    public IExecutionQueries ExecutionQueries { get; }

    /// <summary>The last-fired time of each schedule.</summary>
    public IScheduleStateStore Schedules { get; }

    /// <summary>Queue administration: runs by status in queue order, and the purge of finished runs.</summary>
    public IExecutionAdmin Admin { get; }

    /// <summary>Cancel requests for runs another process executes.</summary>
    public CancelRequests CancelRequests { get; }

    /// <summary>Sealed secrets per organization.</summary>
    public ISecretStore Secrets { get; }

    /// <summary>Configuration key/values per organization.</summary>
    public IOrgConfigStore Config { get; }

    /// <summary>OAuth connections per organization.</summary>
    public IOAuthConnectionStore OAuthConnections { get; }

    /// <summary>Fingerprints of the keys the nodes sharing this store must hold.</summary>
    public IKeyFingerprintStore KeyFingerprints { get; }
    /// <summary>Records per organization, their processors and the runs that processed them.</summary>
    public IRecordStore Records { get; }

    /// <summary>Runs checked queries of the query language as parameterized SQL of this database, within limits.</summary>
    internal Core.Query.IQueryRunner Query { get; }
    /// <summary>Waits for signals (approvals) and the parking of runs that wait.</summary>
    public Core.Signals.ISignalStore Signals { get; }

    /// <summary>The sources of published workspace versions (code workflows), by content hash.</summary>
    public IWorkspaceSourceStore WorkspaceSources { get; }

    /// <summary>What the writer has committed so far.</summary>
    public WriterCounters Counters => _writer.Counters;

    /// <summary>The growth of SQLite's write-ahead log and its checkpoints so far; null on PostgreSQL.</summary>
    public WalCheckpointCounters? Checkpoints => _dialect.Checkpoints;

    /// <summary>Health probes and counts for health checks and metrics.</summary>
    public Diagnostics.StorageDiagnostics Diagnostics { get; }

    /// <summary>The schema version the database was migrated to when opened.</summary>
    public int SchemaVersion { get; }

    /// <summary>Where the database is (a file path or <c>postgres://user@host:port/db</c>; never a password).</summary>
    public string Location => _dialect.Description;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (WorkSignal is IAsyncDisposable listener)
        {
            await listener.DisposeAsync().ConfigureAwait(false);
        }

        await _writer.DisposeAsync().ConfigureAwait(false);
        await _dialect.StopBackgroundWorkAsync().ConfigureAwait(false);
        _dialect.ReleaseResources();
        Log.Closed(_logger, _dialect.Name, _dialect.Description, Counters.EntriesWritten, Counters.BatchesCommitted);
        if (Checkpoints is { } wal)
        {
            // Where the WAL's copying happened this time: on the checkpointer's thread, or on the writer's commit path.
            Log.WalCheckpoints(
                _logger, _dialect.Description, wal.FramesCommitted, wal.FramesCheckpointed, wal.Checkpoints, wal.CheckpointsBusy,
                wal.CheckpointsFailed, wal.WriterCheckpoints, wal.Restarts, wal.LargestWal);
        }
    }

    /// <summary>Migrates the database to the latest schema, then starts the writer on its own connection.</summary>
    internal static async Task<StepwiseStorage> OpenAsync(
        Common.SqlDialect dialect,
        TimeProvider timeProvider,
        ILoggerFactory? loggerFactory,
        StorageOptions options,
        CancellationToken cancellationToken)
    {
        var logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Storage");
        DbConnection connection;
        try
        {
            connection = await dialect.OpenWriterConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await dialect.StopBackgroundWorkAsync().ConfigureAwait(false);
            dialect.ReleaseResources();
            throw Common.StorageErrors.Translate(dialect, exception, $"Opening the database at {dialect.Description}");
        }

        try
        {
            var runner = new MigrationRunner(dialect, MigrationCatalog.All, timeProvider, logger);
            await runner.UpgradeAsync(connection, null, cancellationToken).ConfigureAwait(false);
            var session = new Common.WriterSession(dialect, connection);
            var faults = new Common.StoreFaultMonitor(timeProvider, logger);
            var writer = new Common.StorageWriter(dialect, session, options, new WriterCounters(), faults, logger);
            Log.Opened(logger, dialect.Name, dialect.Description, runner.LatestVersion);
            return new StepwiseStorage(dialect, writer, timeProvider, runner.LatestVersion, logger);
        }
        catch (Exception exception)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            await dialect.StopBackgroundWorkAsync().ConfigureAwait(false);
            dialect.ReleaseResources();
            var translated = Common.StorageErrors.Translate(
                dialect, exception, $"Migrating the database at {dialect.Description}");
            if (ReferenceEquals(translated, exception))
            {
                throw;
            }

            throw translated;
        }
    }
}
