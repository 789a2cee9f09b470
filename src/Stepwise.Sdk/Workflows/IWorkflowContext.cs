using System.Diagnostics.CodeAnalysis;

namespace Stepwise.Sdk;

/// <summary>
/// What a code workflow (and a data provider) may use: its organization, configuration, secrets, OAuth connections,
/// an HTTP client, the run's log, and the durable operations — steps, delays and child workflows.
/// </summary>
/// <remarks>
/// A workflow is durable by checkpoint and replay. Its input is recorded and the result (or error) of every
/// <see cref="StepAsync{T}"/> is journaled. After a crash, a retry or a resume, the method runs again from the top:
/// each step that already completed returns its recorded result without running. Code between steps must therefore
/// be deterministic — anything that reads the clock, random numbers or the outside world belongs in a step.
/// </remarks>
public interface IWorkflowContext
{
    /// <summary>The organization the run belongs to.</summary>
    OrganizationInfo Org { get; }

    /// <summary>The run's id (empty for a data provider, which runs outside any run).</summary>
    string ExecutionId { get; }

    /// <summary>An HTTP client through the engine's circuit breakers, rate limits and traces.</summary>
    HttpClient Http { get; }

    /// <summary>Cancelled when the run is cancelled, times out, or the host shuts down.</summary>
    CancellationToken CancellationToken { get; }

    /// <summary>
    /// Writes a line to the run's log. <paramref name="level"/> is <c>debug</c>, <c>info</c>, <c>warning</c> or
    /// <c>error</c>; <paramref name="data"/> is serialized as JSON. Secrets are masked before the line is stored.
    /// </summary>
    void Log(string level, string message, object? data = null);

    /// <summary>Whether the organization's configuration has <paramref name="key"/>.</summary>
    bool HasConfig(string key);

    /// <summary>The configuration value as text (JSON for objects and arrays), when present.</summary>
    bool TryGetConfig(string key, [NotNullWhen(true)] out string? value);

    /// <summary>
    /// The configuration value as text; throws <see cref="ConfigurationError"/>
    /// (<c>Configuration key 'x' not found for organization</c>) when absent.
    /// </summary>
    string GetConfig(string key);

    /// <summary>
    /// A secret of the organization; throws <see cref="ConfigurationError"/>
    /// (<c>Secret 'x' not found for organization</c>) when absent. The value is masked wherever the run records it.
    /// </summary>
    Task<string> GetSecretAsync(string name);

    /// <summary>
    /// An OAuth connection of the organization with an access token valid now (refreshed before it expires); throws
    /// <see cref="ConfigurationError"/> (<c>OAuth connection 'x' not found for organization</c>) when unknown.
    /// </summary>
    Task<OAuthConnection> GetOAuthConnectionAsync(string name);

    /// <summary>
    /// Runs <paramref name="action"/> as a durable step named <paramref name="name"/>, or returns its recorded result
    /// when this run already completed it. The result must serialize to JSON. A step that throws fails (retried as
    /// <paramref name="retry"/> allows); the exception the workflow then sees is a <see cref="WorkflowException"/>
    /// with the step's error. <paramref name="timeout"/> bounds each attempt. When the run fails later,
    /// <paramref name="compensate"/> runs for completed steps in reverse order.
    /// </summary>
    Task<T> StepAsync<T>(
        string name,
        Func<CancellationToken, Task<T>> action,
        StepRetry? retry = null,
        TimeSpan? timeout = null,
        Func<T, CancellationToken, Task>? compensate = null);

    /// <summary>A durable step without a result; see <see cref="StepAsync{T}"/>.</summary>
    Task StepAsync(
        string name,
        Func<CancellationToken, Task> action,
        StepRetry? retry = null,
        TimeSpan? timeout = null,
        Func<CancellationToken, Task>? compensate = null);

    /// <summary>
    /// Waits durably: the due time is recorded, so a run resumed after a restart waits only for what is left.
    /// </summary>
    Task DelayAsync(TimeSpan duration);

    /// <summary>
    /// Waits durably for the signal <paramref name="name"/> sent to this run — <c>POST
    /// /api/v1/executions/{id}/signals/{name}</c>, <c>stepwise signals send</c>, or a signed approve/reject link — and
    /// returns its payload, deserialized (an approval link sends <c>{"approved": true|false}</c>). While it waits, the
    /// run holds no worker: it is parked in the store and resumes, on any node, when the signal comes or the
    /// <paramref name="timeout"/> passes; then the method replays and this call returns at once. After the timeout it
    /// returns <c>default</c> (null for a class). Time spent waiting does not count against the workflow's timeout.
    /// <paramref name="name"/> is <c>[a-z0-9_]</c>, 1 to 64 characters, and names one wait of the run (wait in a loop
    /// with <c>$"approve_{i}"</c>). <paramref name="message"/> is shown in the list of waiting runs.
    /// </summary>
    Task<T?> WaitForSignalAsync<T>(string name, TimeSpan? timeout = null, string? message = null);

    /// <summary>
    /// Runs another workflow of the organization (YAML or C#) as a child of this run and returns its output,
    /// deserialized. Durable: a resumed run finds the child it started rather than starting another.
    /// Throws <see cref="WorkflowException"/> when the child fails.
    /// </summary>
    Task<T> ExecuteWorkflowAsync<T>(string name, object? input = null);
}
