namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Settings of one <c>stepwise serve</c> process, read once at start from configuration (environment variables,
/// command-line flags) by <see cref="ServerSettings.Read"/>.
/// </summary>
public sealed class ServerOptions
{
    public const string DefaultUrls = "http://127.0.0.1:8080";

    public static readonly TimeSpan DefaultShutdownGrace = TimeSpan.FromSeconds(30);

    /// <summary>The largest request body accepted (1 MiB, the size of the largest workflow document).</summary>
    public const long DefaultMaxRequestBodyBytes = 1024 * 1024;

    /// <summary>The deepest nesting of JSON request bodies.</summary>
    public const int DefaultMaxJsonDepth = 64;

    public const int DefaultMaxConcurrentRuns = 256;

    public const int DefaultDbMaxConnections = 25;

    public static readonly TimeSpan DefaultLeaseDuration = TimeSpan.FromSeconds(30);

    /// <summary>The folder holding the SQLite database (when <see cref="Database"/> came from it) and generated keys.</summary>
    public string DataDirectory { get; set; } = "./data";

    /// <summary>The workspace of code workflows (.cs files): STEPWISE_WORKSPACE, else <c>&lt;data&gt;/workspace</c>.</summary>
    public string WorkspaceDirectory { get; set; } = "./data/workspace";

    /// <summary>
    /// STEPWISE_WORKSPACE_WARM_UP: load and JIT-compile Roslyn at start even when the workspace has no code, so the
    /// first save is served within a second; off by default, since an idle server without code then holds ~64 MB less.
    /// </summary>
    public bool WorkspaceWarmUp { get; set; }

    /// <summary>Plug-in assemblies with [Action] types: STEPWISE_PLUGINS, else <c>&lt;data&gt;/plugins</c>.</summary>
    public string PluginsDirectory { get; set; } = "./data/plugins";

    /// <summary>The database: from DATABASE_URL when set (SQLite or PostgreSQL), else <c>stepwise.db</c> in the data folder.</summary>
    public Stepwise.Storage.DatabaseUrl Database { get; set; } = Stepwise.Storage.DatabaseUrl.SqliteFile("./data/stepwise.db");

    /// <summary>STEPWISE_DB_MAX_CONNECTIONS: PostgreSQL only, the size of this process's connection pool.</summary>
    public int DbMaxConnections { get; set; } = DefaultDbMaxConnections;

    /// <summary>STEPWISE_ADMIN_KEY: the bootstrap platform-admin key; one is generated at first start when absent.</summary>
    public string? AdminKey { get; set; }

    /// <summary>STEPWISE_QUERY_TIMEOUT: how long one statement of the query language (/api/v1/query) may run.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>STEPWISE_SHUTDOWN_GRACE: how long running steps may take to finish after SIGTERM.</summary>
    public TimeSpan ShutdownGrace { get; set; } = DefaultShutdownGrace;

    /// <summary>STEPWISE_MAX_BODY: the largest request body accepted, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    public int MaxJsonDepth { get; set; } = DefaultMaxJsonDepth;

    /// <summary>STEPWISE_MAX_CONCURRENT_RUNS: how many runs this process executes at once.</summary>
    public int MaxConcurrentRuns { get; set; } = DefaultMaxConcurrentRuns;

    /// <summary>How often the worker looks for runs left unfinished by a process that died.</summary>
    public TimeSpan RecoveryPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>What one run may spend (STEPWISE_MAX_VALUE, STEPWISE_MAX_OPERATIONS, ...).</summary>
    public Stepwise.Core.Scheduling.RunBudgets Budgets { get; set; } = Stepwise.Core.Scheduling.RunBudgets.Default;

    /// <summary>STEPWISE_MAX_PAYLOAD: the largest step input or output, in bytes.</summary>
    public long MaxPayloadBytes { get; set; } = Stepwise.Core.Scheduling.EngineOptions.DefaultMaxPayloadBytes;

    /// <summary>How long a claim on a run lasts without renewal (STEPWISE_LEASE).</summary>
    public TimeSpan LeaseDuration { get; set; } = DefaultLeaseDuration;
}
