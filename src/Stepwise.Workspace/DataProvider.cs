using System.Reflection;
using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Workspace;

/// <summary>A [DataProvider] method of a loaded workspace version.</summary>
public sealed class DataProvider
{
    private readonly MethodInfo _method;
    private readonly WorkspaceVersion _version;

    internal DataProvider(string name, string? description, IReadOnlyList<string> formParams, MethodInfo method, WorkspaceVersion version)
    {
        Name = name;
        Description = description;
        FormParams = formParams;
        _method = method;
        _version = version;
    }

    public string Name { get; }

    public string? Description { get; }

    /// <summary>The names of the form values the provider takes.</summary>
    public IReadOnlyList<string> FormParams { get; }

    /// <summary>Calls the provider with the organization's context and the form's other values (missing ones are null).</summary>
    public async Task<IReadOnlyList<Option>> InvokeAsync(IWorkflowContext context, IReadOnlyDictionary<string, string?> form)
    {
        var args = new object?[FormParams.Count + 1];
        args[0] = context;
        for (var i = 0; i < FormParams.Count; i++)
        {
            args[i + 1] = form.GetValueOrDefault(FormParams[i]);
        }

        using var pin = _version.Pin();
        var task = (Task)_method.Invoke(null, BindingFlags.DoNotWrapExceptions, null, args, null)!;
        await task.ConfigureAwait(false);
        var result = task.GetType().GetProperty("Result")!.GetValue(task) as IEnumerable<Option>;
        return result is null ? [] : [.. result];
    }

    public static JsonArray ToJson(IEnumerable<Option> options) =>
        [.. options.Select(o => new JsonObject { ["label"] = o.Label, ["value"] = o.Value })];
}
