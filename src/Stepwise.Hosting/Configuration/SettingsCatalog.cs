
namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Every setting Stepwise reads. A key in stepwise.json that is not here (or not allowed there) is an error at start,
/// named with the closest known one. A new setting is added here with the code that reads it.
/// </summary>
internal static class SettingsCatalog
{
    public const string ConfigFileKey = "STEPWISE_CONFIG";

    public static IReadOnlyList<SettingDefinition> All { get; } =
    [
        new(ServerSettings.DataKey, SettingScope.Server, "./data", "Data folder: the SQLite database and generated keys"),
        new(ServerSettings.WorkspaceKey, SettingScope.Server, "<data>/workspace",
            "Folder of .cs files with [Workflow], [DataProvider] and [Action] code, compiled at start and on every change"),
        new(ServerSettings.PluginsKey, SettingScope.Server, "<data>/plugins",
            "Folder of plug-in assemblies (.dll) whose [Action] classes become node types, loaded at start"),
        new(ServerSettings.DatabaseUrlKey, SettingScope.Server, "sqlite:<data>/stepwise.db",
            "Database: sqlite:PATH, postgres://user:pass@host:port/db or Host=...;Database=... (PostgreSQL)", IsSecret: true),
        new(ServerSettings.DbMaxConnectionsKey, SettingScope.Server, "25",
            "PostgreSQL only: connections this process opens at most (its pool size, 3-10000)"),
        new(ServerSettings.AdminKeyKey, SettingScope.Server, "generated at first start",
            "Bootstrap platform-admin API key", IsSecret: true),
        new(MasterKeys.MasterKeyKey, SettingScope.Server, "generated into <data>/master.key",
            "Base64 of 32 bytes: the AES-256-GCM key that encrypts organization secrets and OAuth tokens", IsSecret: true),
        new(MasterKeys.PreviousMasterKeyKey, SettingScope.Server, "(none)",
            "During a key rotation: the old STEPWISE_MASTER_KEY, to open values not yet re-encrypted", IsSecret: true),
        new(Signals.ApprovalLinks.PublicUrlKey, SettingScope.Server, "(unset: approval links are paths)",
            "The address people reach this server at (https://stepwise.example.com), the start of approval links"),
        new(ServerSettings.ShutdownGraceKey, SettingScope.Server, "30s", "How long running steps may finish after SIGTERM"),
        new(ServerSettings.MaxBodyKey, SettingScope.Server, "1MB", "Largest request body accepted"),
        new(ServerSettings.QueryTimeoutKey, SettingScope.Server, "5s",
            "How long one query of the query language (/api/v1/query, stepwise query) may run (1ms-10m)"),
        new(ServerSettings.MaxConcurrentRunsKey, SettingScope.Server, "256", "Runs this process executes at once"),
        new(ServerSettings.LeaseKey, SettingScope.Server, "30s (10s for 'stepwise run --db')",
            "How long a claim on a run lasts without renewal"),
        new(ServerSettings.RecoveryPollKey, SettingScope.Server, "2s", "How often unfinished runs of dead processes are looked for"),
        new(RunBudgetSettings.MaxPayloadKey, SettingScope.Server, "4MB", "Largest step input or output (UTF-8 JSON)"),
        new(RunBudgetSettings.MaxValueKey, SettingScope.Server, "16MB",
            "Largest text one expression evaluation may build; an evaluation creates at most four times this in all"),
        new(RunBudgetSettings.MaxOperationsKey, SettingScope.Server, "10000000",
            "Function calls, lambda calls and items one expression evaluation may spend (1000 or more)"),
        new(RunBudgetSettings.MaxEvalTimeKey, SettingScope.Server, "10s", "How long one expression evaluation may run (10ms-1h)"),
        new(RunBudgetSettings.MaxForeachKey, SettingScope.Server, "100000", "Items one foreach may have"),
        new(RunBudgetSettings.MaxStepsKey, SettingScope.Server, "250000", "Steps one run may start (foreach items included)"),
        new(RunBudgetSettings.MaxRunLogKey, SettingScope.Server, "16MB", "Log lines (message and data) one run may write"),
        new(EgressSettings.DenyKey, SettingScope.Server, "metadata",
            "Addresses http, email, agent and OAuth token requests may not reach: metadata, loopback, private, ranges (comma list)"),
        new(EgressSettings.AllowKey, SettingScope.Server, "(unset: all but the denied)",
            "When set, the only addresses outbound actions may reach: ranges or addresses (comma list)"),
        new(TriggerOptions.RefreshKey, SettingScope.Server, "10s",
            "How often deployed workflows are re-read to follow deploys made on other servers"),
        new(TriggerOptions.DebounceKey, SettingScope.Server, "500ms", "How long a watched file must be quiet before its run starts"),
        new(RetentionOptions.RetentionKey, SettingScope.Server, "30d",
            "How long finished runs (with their steps and logs) are kept after they finish"),
        new(RetentionOptions.IntervalKey, SettingScope.Server, "10m", "How often finished runs past the retention are purged"),
        new(RateLimitOptions.PerKeyKey, SettingScope.Server, "600/m",
            "Requests each API key or user may make (such as 600/m, 10/s; 0 or off disables)"),
        new(RateLimitOptions.PerIpKey, SettingScope.Server, "300/m",
            "Requests each client address may make to routes without a key (webhooks, login); 0 or off disables"),
        new(TlsOptions.EnabledKey, SettingScope.Server, "false", "true serves HTTPS (serve --tls), by default on https://127.0.0.1:8443"),
        new(TlsOptions.CertificateKey, SettingScope.Server, "<data>/certs/server/server.crt", "Server certificate (PEM) of HTTPS"),
        new(TlsOptions.PrivateKeyKey, SettingScope.Server, "<data>/certs/server/server.key", "Private key (PEM) of the server certificate"),
        new(TlsOptions.ClientCertificatesKey, SettingScope.Server, "none",
            "Client certificates: none, allow (checked when presented) or require"),
        new(TlsOptions.ClientAuthorityKey, SettingScope.Server, "<data>/certs/ca/ca.crt",
            "CA certificate (PEM) client certificates must be issued by; the only trust anchor"),
        new(JwtOptions.SecretKey, SettingScope.Server, "(unset: a key generated into <data>/jwt-signing.key)",
            "HS256 key (at least 32 bytes) for bearer tokens and the tokens POST /auth/login issues", IsSecret: true),
        new(JwtOptions.JwksUrlKey, SettingScope.Server, "(unset: no RS256)", "JWKS URL of the RS256 keys of an identity provider"),
        new(JwtOptions.IssuerKey, SettingScope.Server, "(unset: not checked; issued tokens say 'stepwise')",
            "Required iss of bearer tokens"),
        new(JwtOptions.AudienceKey, SettingScope.Server, "(unset: not checked; issued tokens say 'stepwise')",
            "Required aud of bearer tokens"),
        new(JwtOptions.ClockSkewKey, SettingScope.Server, "60s", "Clock difference allowed when checking exp and nbf"),
        new(JwtOptions.SubjectClaimKey, SettingScope.Server, "sub", "Claim naming the user"),
        new(JwtOptions.OrgClaimKey, SettingScope.Server, "org", "Claim naming the organization"),
        new(JwtOptions.RoleClaimKey, SettingScope.Server, "role", "Claim naming the role (viewer, operator, developer, admin)"),
        new(JwtOptions.AccessLifetimeKey, SettingScope.Server, "15m", "Lifetime of access tokens issued by /auth/login"),
        new(JwtOptions.RefreshLifetimeKey, SettingScope.Server, "30d", "Lifetime of refresh tokens"),
        new(JwtOptions.JwksCacheKey, SettingScope.Server, "10m", "How long fetched JWKS keys are used before a new fetch"),
        new(JwtOptions.MaxLoginFailuresKey, SettingScope.Server, "5", "Wrong passwords in a row that lock an account"),
        new(JwtOptions.LockoutKey, SettingScope.Server, "15m", "How long a locked account stays locked"),
        new(LogSettings.LevelKey, SettingScope.Logging, "info", "debug, info, warn or error"),
        new(LogSettings.FormatKey, SettingScope.Logging, "json", "json (one object per line) or text"),
        new(LogSettings.OutputKey, SettingScope.Logging, "stdout", "stdout, stderr or a file path (rotated at 10 MB, 5 files)"),
        new(LogSettings.AddSourceKey, SettingScope.Logging, "false", "true adds the file and line of each log event"),
        new(TraceSettings.EndpointKey, SettingScope.Tracing, "(unset: no export)", "OTLP endpoint spans are exported to"),
        new(TraceSettings.ProtocolKey, SettingScope.Tracing, "http/protobuf", "http/protobuf or grpc"),
        new(TraceSettings.ServiceNameKey, SettingScope.Tracing, "stepwise", "service.name of exported spans"),
        new(ConfigFileKey, SettingScope.EnvironmentOnly, "<data>/stepwise.json, else ./stepwise.json",
            "The configuration file to read"),
        new("STEPWISE_SERVER", SettingScope.EnvironmentOnly, "http://127.0.0.1:8080", "Server the CLI client verbs call"),
        new("STEPWISE_KEY", SettingScope.EnvironmentOnly, "(none)", "API key the CLI client verbs send", IsSecret: true),
    ];

    public static SettingDefinition? Find(string name) =>
        All.FirstOrDefault(setting => string.Equals(setting.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The settings a stepwise.json may hold.</summary>
    public static IEnumerable<SettingDefinition> FileSettings => All.Where(setting => setting.Scope != SettingScope.EnvironmentOnly);
}
