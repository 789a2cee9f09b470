using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.Agent;

/// <summary>
/// One tool the agent offers the model: a workflow of the organization (its params are the arguments) or an
/// action (its inputs less those fixed under <c>with</c>). <see cref="Schema"/> is the JSON schema of the arguments.
/// </summary>
internal sealed record AgentTool(
    string Name,
    string Description,
    JsonObject Schema,
    string? Workflow,
    IAction? Action,
    JsonObject Fixed);
