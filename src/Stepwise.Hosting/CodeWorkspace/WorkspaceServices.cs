using Stepwise.Workspace;

namespace Stepwise.Hosting.CodeWorkspace;

/// <summary>The workspace of code workflows: <c>STEPWISE_WORKSPACE</c>, else <c>&lt;data&gt;/workspace</c>.</summary>
internal static class WorkspaceServices
{
    public static IServiceCollection AddStepwiseWorkspace(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<ServerOptions>();
            var store = sp.GetRequiredService<StoreHost>();
            return new WorkspaceHost(
                options.WorkspaceDirectory,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Stepwise.Workspace"),
                sp.GetRequiredService<TimeProvider>(),
                store: () => store.IsOpen ? store.Storage.WorkspaceSources : null);
        });
        services.AddSingleton(sp => new WorkspaceActions(
            sp.GetRequiredService<WorkspaceHost>(),
            PluginLoader.Load(
                sp.GetRequiredService<ServerOptions>().PluginsDirectory,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Stepwise.Workspace.Plugins"))));
        services.AddSingleton<ProviderInvoker>();
        services.AddSingleton<Core.Definitions.IDataProviderOptions>(sp => sp.GetRequiredService<ProviderInvoker>());
        services.AddSingleton<WorkspaceService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceService>());
        return services;
    }
}
