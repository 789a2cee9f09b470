using Microsoft.Extensions.Configuration;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Reads <see cref="ServerOptions"/> from configuration: environment variables (STEPWISE_*, DATABASE_URL) and the
/// values the CLI passes for its flags. Every bad value is reported with the name of its setting.
/// </summary>
public static class ServerSettings
{
    public const string DataKey = "STEPWISE_DATA";
    public const string DatabaseUrlKey = "DATABASE_URL";
    public const string AdminKeyKey = "STEPWISE_ADMIN_KEY";
    public const string ShutdownGraceKey = "STEPWISE_SHUTDOWN_GRACE";

    public const string QueryTimeoutKey = "STEPWISE_QUERY_TIMEOUT";
    public const string MaxBodyKey = "STEPWISE_MAX_BODY";
    public const string MaxConcurrentRunsKey = "STEPWISE_MAX_CONCURRENT_RUNS";
    public const string LeaseKey = "STEPWISE_LEASE";
    public const string RecoveryPollKey = "STEPWISE_RECOVERY_POLL";
    public const string DbMaxConnectionsKey = "STEPWISE_DB_MAX_CONNECTIONS";
    public const string WorkspaceKey = "STEPWISE_WORKSPACE";
    public const string WorkspaceWarmUpKey = "STEPWISE_WORKSPACE_WARM_UP";
    public const string PluginsKey = "STEPWISE_PLUGINS";

    public static ServerOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ServerOptions();
        options.DataDirectory = SettingValues.Text(configuration, DataKey) ?? options.DataDirectory;
        options.Database = DatabaseLocation.Resolve(configuration[DatabaseUrlKey], options.DataDirectory);
        options.WorkspaceDirectory = SettingValues.Text(configuration, WorkspaceKey) ?? Path.Combine(options.DataDirectory, "workspace");
        options.WorkspaceWarmUp = SettingValues.Bool(configuration, WorkspaceWarmUpKey);
        options.PluginsDirectory = SettingValues.Text(configuration, PluginsKey) ?? Path.Combine(options.DataDirectory, "plugins");
        options.DbMaxConnections = ReadDbMaxConnections(configuration);
        var adminKey = configuration[AdminKeyKey]?.Trim();
        options.AdminKey = string.IsNullOrEmpty(adminKey) ? null : adminKey;
        options.ShutdownGrace = SettingValues.Duration(configuration, ShutdownGraceKey, options.ShutdownGrace, TimeSpan.Zero);
        options.QueryTimeout = SettingValues.Duration(
            configuration, QueryTimeoutKey, options.QueryTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
        options.LeaseDuration = SettingValues.Duration(configuration, LeaseKey, options.LeaseDuration, TimeSpan.FromSeconds(1));
        options.RecoveryPollInterval = SettingValues.Duration(
            configuration, RecoveryPollKey, options.RecoveryPollInterval, TimeSpan.FromMilliseconds(50));
        options.MaxRequestBodyBytes = SettingValues.Size(configuration, MaxBodyKey, options.MaxRequestBodyBytes);
        options.MaxConcurrentRuns = SettingValues.Int(configuration, MaxConcurrentRunsKey, options.MaxConcurrentRuns, 1, 10_000);
        options.Budgets = RunBudgetSettings.Read(configuration);
        options.MaxPayloadBytes = RunBudgetSettings.ReadMaxPayload(configuration);
        EgressSettings.Read(configuration);
        MasterKeys.CheckFormat(configuration);
        return options;
    }

    /// <summary>STEPWISE_DB_MAX_CONNECTIONS alone, for the CLI verbs that open the store without a server.</summary>
    public static int ReadDbMaxConnections(IConfiguration configuration) =>
        SettingValues.Int(configuration, DbMaxConnectionsKey, ServerOptions.DefaultDbMaxConnections, 3, 10_000);
}
