using System.Net;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// With <c>--server URL</c>: the running server's <c>/health/ready</c> and each check of its <c>/health</c>
/// (database, queue, scheduler), with its connection pool's use.
/// </summary>
internal sealed class ServerCheck : IDoctorCheck
{
    public const string Name = "server";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Server is not { } server)
        {
            return [];
        }

        using var http = new HttpClient { BaseAddress = server, Timeout = Timeout };
        var findings = new List<DoctorFinding>();
        var (readyStatus, ready, readyError) = await GetAsync(http, "health/ready", cancellationToken);
        if (readyError is not null)
        {
            return [DoctorFinding.Fail(Name, $"{server}: {readyError}", "start the server ('stepwise serve'), or check the URL and the firewall")];
        }

        findings.Add(readyStatus == HttpStatusCode.OK
            ? DoctorFinding.Ok(Name, $"{server}health/ready: ready (version {ready?["version"]})")
            : DoctorFinding.Fail(Name, $"{server}health/ready: HTTP {(int)readyStatus} {ready?["status"]}", "see the failing checks below; the server's log names the cause"));

        var (_, health, healthError) = await GetAsync(http, "health", cancellationToken);
        if (healthError is not null || health?["checks"] is not JsonObject checks)
        {
            findings.Add(DoctorFinding.Fail(Name, $"{server}health: {healthError ?? "no checks in the answer"}", "check that the URL is a Stepwise server's"));
            return findings;
        }

        foreach (var (name, check) in checks)
        {
            var status = check?["status"]?.GetValue<string>() ?? "unknown";
            var error = check?["error"]?.GetValue<string>();
            var line = $"{name}: {status}{(error is null ? string.Empty : ": " + error)}";
            findings.Add(status switch
            {
                "healthy" => DoctorFinding.Ok($"{Name} {name}", line),
                "degraded" => DoctorFinding.Warn($"{Name} {name}", line, "see docs/operations.md#health for what this check measures"),
                _ => DoctorFinding.Fail($"{Name} {name}", line, "see docs/troubleshooting.md for this check's failures"),
            });
        }

        if (checks["database"]?["details"] is JsonObject details
            && details["max_connections"] is JsonValue maxValue && maxValue.TryGetValue<long>(out var max)
            && details["in_use"] is JsonValue inUseValue && inUseValue.TryGetValue<long>(out var inUse))
        {
            var text = $"the server's pool: {inUse} of {max} connections in use";
            findings.Add(inUse >= max
                ? DoctorFinding.Warn(PoolCheck.Name, text, "requests wait for connections: raise STEPWISE_DB_MAX_CONNECTIONS (within PostgreSQL's max_connections)")
                : DoctorFinding.Ok(PoolCheck.Name, text));
        }

        return findings;
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Body, string? Error)> GetAsync(
        HttpClient http, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                return (response.StatusCode, JsonNode.Parse(text), null);
            }
            catch (System.Text.Json.JsonException)
            {
                return (response.StatusCode, null, $"GET /{path} answered HTTP {(int)response.StatusCode} that is not JSON");
            }
        }
        catch (HttpRequestException exception)
        {
            return (default, null, $"cannot reach the server: {exception.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (default, null, $"GET /{path} got no answer within {Timeout.TotalSeconds:0} s");
        }
    }
}
