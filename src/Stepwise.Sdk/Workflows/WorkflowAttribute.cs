namespace Stepwise.Sdk;

/// <summary>
/// Marks a <c>public static async Task&lt;T&gt;</c> (or <c>Task</c>) method of a workspace as a workflow. Its first
/// parameter is the <see cref="IWorkflowContext"/>; every other parameter is a param of the workflow, described by
/// <see cref="ParamAttribute"/>. The method is durable by checkpoint and replay: see <see cref="IWorkflowContext.StepAsync{T}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class WorkflowAttribute(string name) : Attribute
{
    /// <summary>The workflow's name: what the API, CLI, webhooks and parent workflows call it by.</summary>
    public string Name { get; } = name;

    /// <summary>What the workflow does, shown by the API and the dashboard.</summary>
    public string? Description { get; set; }

    /// <summary>How long a run may take before it ends <c>timed_out</c>; 0 means the engine's default (300 s).</summary>
    public int TimeoutSeconds { get; set; }

    /// <summary>Queue priority of its runs, 1 (first) to 10 (last); 0 means the default (5).</summary>
    public int Priority { get; set; }
}
