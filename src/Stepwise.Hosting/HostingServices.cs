using Microsoft.Extensions.DependencyInjection.Extensions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Hosting.CodeWorkspace;

namespace Stepwise.Hosting;

/// <summary>
/// The one composition of the application the server and the CLI share: settings, the store, the engine and its
/// worker, <see cref="RunStarter"/>, triggers, secrets, audit and retention. Hosted services start in the order
/// registered here (the store first) and stop in reverse (triggers before the worker, the store last). The HTTP
/// side adds its own services on top (an <see cref="IAuditActor"/> for the caller of a request, endpoints).
/// </summary>
public static class HostingServices
{
    /// <param name="services">The host's services.</param>
    /// <param name="afterStore">
    /// Registers hosted services that must start right after the store opens and before the worker or any trigger
    /// starts: checks that may refuse the start (the server's key fingerprint check).
    /// </param>
    public static IServiceCollection AddStepwiseHosting(
        this IServiceCollection services, Action<IServiceCollection>? afterStore = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        // The first start's generated admin key goes here, framed, apart from the log lines on stdout.
        services.TryAddSingleton(Console.Error);
        services.TryAddSingleton(sp => ServerSettings.Read(sp.GetRequiredService<IConfiguration>()));
        AddStore(services);
        afterStore?.Invoke(services);
        services.TryAddSingleton(sp => EgressSettings.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => BuiltInActions.CreateRegistry(
            httpOptions: CircuitBreakerSettingsReader.Read(sp.GetRequiredService<IConfiguration>()),
            timeProvider: sp.GetRequiredService<TimeProvider>(),
            loggerFactory: sp.GetRequiredService<ILoggerFactory>(),
            extensions: sp.GetRequiredService<Stepwise.Workspace.WorkspaceActions>(),
            egress: sp.GetRequiredService<Stepwise.Core.Actions.Egress.EgressPolicy>()));
        services.AddSingleton<DefinitionCache>();
        services.AddSingleton(sp => new AuditTrail(
            () => sp.GetRequiredService<StoreHost>().Storage.Audit,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<IAuditActor>()));
        services.AddSingleton(sp => new NodeIdentity(sp.GetRequiredService<ServerOptions>()));
        services.AddSingleton<EngineHost>();

        // Before the worker: runs it resumes may be pinned to a version of the workspace's code.
        services.AddStepwiseWorkspace();
        services.AddSingleton<ExecutionWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ExecutionWorker>());
        services.AddSingleton<RunStarter>();

        // After the worker: hosted services stop in reverse order, so triggers stop starting runs first.
        services.AddSingleton(sp => TriggerOptions.Read(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ServerOptions>()));
        services.AddSingleton<TriggerTable>();
        services.AddSingleton<TriggerRunStarter>();
        services.AddSingleton<TriggerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<TriggerHost>());

        services.AddSingleton(sp => MasterKeys.Load(
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ServerOptions>().DataDirectory));
        services.AddSingleton<SecretCipher>();
        services.AddHostedService<MasterKeyCheck>();
        services.AddSingleton<OrgRunEnvironment>();
        services.AddSingleton<IRunEnvironmentProvider>(sp => sp.GetRequiredService<OrgRunEnvironment>());
        services.AddStepwiseRetention();
        return services;
    }

    private static void AddStore(IServiceCollection services)
    {
        // Opened (and migrated) when first resolved, before whatever asked for it is built; `serve` resolves it
        // before the host starts. The first hosted service: started first (tenancy bootstrap), stopped last.
        services.AddSingleton(sp => StoreHost.Open(
            sp.GetRequiredService<ServerOptions>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILoggerFactory>(),
            sp.GetRequiredService<TextWriter>()));
        services.AddHostedService(sp => sp.GetRequiredService<StoreHost>());
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Organizations);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.ApiKeys);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.WorkflowDirectory);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.ExecutionQueries);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Executions);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Workflows);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Journal);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Users);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.RefreshTokens);
        services.AddSingleton(sp => sp.GetRequiredService<StoreHost>().Storage.Audit);
        services.AddSingleton<IExecutionAdmin>(sp => sp.GetRequiredService<StoreHost>().Storage.Admin);
        services.AddSingleton<ISecretStore>(sp => sp.GetRequiredService<StoreHost>().Storage.Secrets);
        services.AddSingleton<IOrgConfigStore>(sp => sp.GetRequiredService<StoreHost>().Storage.Config);
        services.AddSingleton<IOAuthConnectionStore>(sp => sp.GetRequiredService<StoreHost>().Storage.OAuthConnections);
    }
}
