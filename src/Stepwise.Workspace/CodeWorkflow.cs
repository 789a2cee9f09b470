using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Scheduling;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>A [Workflow] method as the engine runs it: params bound from the run's JSON, the result serialized.</summary>
internal sealed class CodeWorkflow(WorkspaceVersion version, MethodInfo method, IReadOnlyList<(string Param, Type Type)> parameters)
    : ICodeWorkflow
{
    private readonly PropertyInfo? _result = method.ReturnType.IsGenericType ? method.ReturnType.GetProperty("Result") : null;

    public string CodeVersion => version.Hash;

    public WorkspaceVersion Version => version;

    public async Task<JsonNode?> RunAsync(ICodeRun run)
    {
        var args = new object?[parameters.Count + 1];
        args[0] = new WorkflowContext(run, run.Http);
        for (var i = 0; i < parameters.Count; i++)
        {
            var (name, type) = parameters[i];
            try
            {
                args[i + 1] = run.Params.TryGetPropertyValue(name, out var value) && value is not null
                    ? WorkspaceJson.FromNode(value, type)
                    : type.IsValueType ? Activator.CreateInstance(type) : null;
            }
            catch (JsonException exception)
            {
                throw new WorkflowException($"Parameter '{name}' cannot be read as {type.Name}: {exception.Message}", "INVALID_PARAMS");
            }
        }

        using var pin = version.Pin();
        var task = (Task)method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, args, null)!;
        await task.ConfigureAwait(false);
        return _result is null ? null : WorkspaceJson.ToNode(_result.GetValue(task), _result.PropertyType);
    }

    /// <summary>The engine's HTTP client (named "stepwise"), so requests go through its handlers and traces.</summary>
    internal static HttpClient HttpFor(IServiceProvider services) =>
        services.GetService<IHttpClientFactory>()?.CreateClient("stepwise") ?? SharedHttp.Value;

    private static readonly Lazy<HttpClient> SharedHttp = new(() => new HttpClient());
}
