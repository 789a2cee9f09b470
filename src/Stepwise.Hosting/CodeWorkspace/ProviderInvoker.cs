using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Workspace;

namespace Stepwise.Hosting.CodeWorkspace;

/// <summary>
/// Calls the serving workspace's data providers with an organization's context (its name, configuration, secrets,
/// OAuth connections): for the data-provider endpoint, and for checking a param's value when a run starts.
/// </summary>
internal sealed class ProviderInvoker(WorkspaceHost host, IServiceProvider services, TimeProvider time, ILoggerFactory loggers)
    : IDataProviderOptions
{
    private readonly ILogger _logger = loggers.CreateLogger("Stepwise.Workspace.DataProviders");

    public DataProvider? Find(string name) => host.Current?.DataProviders.GetValueOrDefault(name);

    public async Task<IReadOnlyList<Option>> InvokeAsync(
        DataProvider provider, string orgId, IReadOnlyDictionary<string, string?> form, CancellationToken cancellationToken)
    {
        var environment = services.GetService<IRunEnvironmentProvider>() is { } environments
            ? await environments.GetAsync(
                new ExecutionRecord("", orgId, "", 0, ExecutionStatus.Pending, 5, [], null, null, null, null, time.GetUtcNow(), null, null),
                cancellationToken)
            : new RunEnvironment();
        var context = new ProviderContext(
            orgId,
            environment.OrgName ?? orgId,
            environment.Config,
            environment.Secrets,
            CodeWorkflow.HttpFor(services),
            (level, message) => Log.ProviderLine(_logger, provider.Name, level, message),
            services.GetService<IOAuthTokenSource>(),
            cancellationToken);
        return await provider.InvokeAsync(context, form);
    }

    public async ValueTask<IReadOnlyList<string>?> GetValuesAsync(
        string orgId, string provider, JsonObject parameters, CancellationToken cancellationToken = default)
    {
        if (Find(provider) is not { } found)
        {
            return null;
        }

        var form = parameters.ToDictionary(
            p => p.Key,
            p => p.Value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : p.Value?.ToJsonString(),
            StringComparer.Ordinal);
        var options = await InvokeAsync(found, orgId, form, cancellationToken);
        return [.. options.Select(o => o.Value)];
    }
}
