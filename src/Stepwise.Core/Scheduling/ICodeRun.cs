using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// What the engine offers a code workflow while it runs: its params and organization, durable steps, delays and
/// child workflows, the run's log, configuration, secrets and OAuth tokens. Step results are JSON; the adapter in
/// Stepwise.Workspace converts them to and from the user's types.
/// </summary>
public interface ICodeRun
{
    string ExecutionId { get; }

    string WorkflowName { get; }

    string OrgId { get; }

    string OrgName { get; }

    /// <summary>The run's params, validated, defaults filled in.</summary>
    JsonObject Params { get; }

    /// <summary>Cancelled when the run is cancelled, times out, or the host stops.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>The host's services (IHttpClientFactory for the engine's HTTP client).</summary>
    IServiceProvider Services { get; }

    /// <summary>
    /// The HTTP client of the workflow: the host's handlers (traces) behind the engine's per-host circuit breakers, as
    /// the <c>http</c> action has them.
    /// </summary>
    HttpClient Http { get; }

    /// <summary>The organization's configuration.</summary>
    IValueLookup Config { get; }

    /// <summary>
    /// A durable step: the recorded output when this run completed it already, else the action's, journaled. A
    /// failure (after the retries <paramref name="retry"/> allows) is thrown as <see cref="WorkflowException"/>.
    /// </summary>
    Task<JsonNode?> StepAsync(
        string name,
        Func<CancellationToken, Task<JsonNode?>> action,
        RetryPolicy? retry = null,
        TimeSpan? timeout = null,
        Func<JsonNode?, CancellationToken, Task>? compensate = null);

    /// <summary>A durable timer, recorded as a step with its due time.</summary>
    Task DelayAsync(TimeSpan duration);

    /// <summary>
    /// Waits durably for the signal <paramref name="name"/>, recorded as a step: its payload when one came, not
    /// received once <paramref name="timeout"/> passed. While nothing came, the call throws the engine's suspension
    /// (the run parks and replays when woken); workflow code must let it pass.
    /// </summary>
    Task<(bool Received, JsonNode? Payload)> WaitForSignalAsync(string name, TimeSpan? timeout, string? message);

    /// <summary>Runs a child workflow as a step and returns its output; its failure is thrown as <see cref="WorkflowException"/>.</summary>
    Task<JsonNode?> RunChildAsync(string workflow, JsonObject input);

    /// <summary>Writes a line to the run's log (secrets masked).</summary>
    void Log(ExecutionLogLevel level, string message, JsonNode? data);

    /// <summary>A secret of the organization, masked from now on wherever the run records it; null when absent.</summary>
    string? GetSecret(string name);

    /// <summary>A valid access token of an OAuth connection (refreshed when needed), masked from now on.</summary>
    ValueTask<OAuthTokenLookup> GetOAuthTokenAsync(string connection);
}
