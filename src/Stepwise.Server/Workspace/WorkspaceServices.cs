using Stepwise.Server.Hosting;
using Stepwise.Workspace;

namespace Stepwise.Server.Workspace;

/// <summary>The workspace of code workflows: <c>STEPWISE_WORKSPACE</c>, else <c>&lt;data&gt;/workspace</c>.</summary>
internal static class WorkspaceServices
{
    public const string FolderKey = "STEPWISE_WORKSPACE";

    public static IServiceCollection AddStepwiseWorkspace(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var options = sp.GetRequiredService<ServerOptions>();
            var folder = configuration[FolderKey] is { Length: > 0 } configured
                ? configured
                : Path.Combine(options.DataDirectory, "workspace");
            return new WorkspaceHost(
                folder, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Stepwise.Workspace"), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<ProviderInvoker>();
        services.AddSingleton<Core.Definitions.IDataProviderOptions>(sp => sp.GetRequiredService<ProviderInvoker>());
        services.AddSingleton<WorkspaceService>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkspaceService>());
        return services;
    }
}
