using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;

namespace Stepwise.Workspace;

/// <summary>
/// What the workflow directory stores for a code workflow: a small JSON document naming the workflow, the workspace
/// version (content hash) it was built from and its file. Every workspace change is a new version of each of its
/// workflows, so runs pin the code they started with exactly as YAML runs pin their definition.
/// </summary>
public static class CodeWorkflowSource
{
    private const string Marker = "code_workflow";

    public static string Describe(WorkspaceVersion version, WorkflowDefinition workflow) =>
        new JsonObject
        {
            [Marker] = workflow.Name,
            ["workspace_version"] = version.Hash,
            ["file"] = workflow.SourcePath,
        }.ToJsonString();

    /// <summary>The workflow and workspace version a stored source names, when it is a code workflow's.</summary>
    public static bool TryParse(string source, out string workflow, out string workspaceVersion)
    {
        workflow = workspaceVersion = "";
        if (string.IsNullOrEmpty(source) || source[0] != '{' || !source.Contains(Marker, StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            if (JsonNode.Parse(source) is JsonObject o
                && o[Marker] is JsonValue name && name.TryGetValue<string>(out var n)
                && o["workspace_version"] is JsonValue hash && hash.TryGetValue<string>(out var h))
            {
                (workflow, workspaceVersion) = (n, h);
                return true;
            }
        }
        catch (JsonException)
        {
            // Not ours: a JSON workflow definition that mentions the word.
        }

        return false;
    }

    /// <summary>
    /// The definition a stored code-workflow source stands for, from a loaded workspace version; the error says why
    /// there is none.
    /// </summary>
    public static WorkflowDefinition? Resolve(WorkspaceHost host, string source, out string? error)
    {
        error = null;
        if (!TryParse(source, out var name, out var hash))
        {
            error = "not a code workflow";
            return null;
        }

        if (host.Get(hash) is not { } version)
        {
            error = $"workflow '{name}' was built from workspace version {WorkspaceHost.Short(hash)}, which this node has not loaded (nor restored from the store)";
            return null;
        }

        if (!version.Workflows.TryGetValue(name, out var definition))
        {
            error = $"workspace version {WorkspaceHost.Short(hash)} has no workflow '{name}'";
            return null;
        }

        return definition;
    }
}
