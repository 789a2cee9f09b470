using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;
using Xunit.Abstractions;

namespace Stepwise.EndToEnd.Reliability;

/// <summary>
/// Issue 21 item 5 on PostgreSQL: the database turns read-only under a running <c>stepwise serve</c>, as after a
/// failover onto a standby (<c>default_transaction_read_only</c>, every session reconnected). Run starts answer 503
/// with the envelope naming the read-only database (never 500, never a run acknowledged that was not kept),
/// readiness fails naming it, the fault is logged once; runs in flight wait instead of failing. Once the database
/// takes writes again the server is ready by itself, and every run finishes <c>succeeded</c>.
/// </summary>
[RequiresPostgres(LocalServer = true)]
public sealed class PostgresStoreFaultTests(ITestOutputHelper output)
{
    private const string Database = "faulty";
    private const string ReadOnlyReason = "the database is read-only (25006 read_only_sql_transaction)";

    [PostgresFact]
    public async Task ReadOnlyDatabase_Answers503AndNotReady_ThenRecoversAndRunsCaughtByItSucceed()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        await PsqlAsync(postgres, $"CREATE DATABASE {Database}");
        using var data = new TempFolder();
        await using var server = await ServerInstance.StartAsync(data.Path, new Dictionary<string, string>
        {
            ["DATABASE_URL"] = postgres.UrlOf(Database),
            ["LOG_LEVEL"] = "info",
        });
        using var client = server.Client();
        await client.DeployAsync("""
            name: quick
            params: [{ name: n, type: int }]
            nodes: [{ id: done, type: transform, with: { n: "${{ params.n }}" } }]
            """);
        await client.DeployAsync("""
            name: held
            params: [{ name: n, type: int }]
            nodes:
              - { id: wait, type: delay, with: { duration: 2s } }
              - { id: done, type: transform, with: { n: "${{ params.n }}" } }
            """);
        for (var n = 0; n < 3; n++)
        {
            Assert.Equal("succeeded", (await client.RunAsync("quick", $$"""{"n":{{n}}}""")).Status());
        }

        // In their durable delay when the database turns read-only: their next steps cannot be recorded until it clears.
        var acknowledged = new List<string>();
        for (var n = 0; n < 3; n++)
        {
            acknowledged.Add((await client.StartAsync("held", $$"""{"n":{{n}}}""")).Id());
        }

        output.WriteLine("turning the database read-only");
        await SetReadOnlyAsync(postgres, true);

        // The first attempts may meet a cut connection (unavailable, retried); then writes meet the read-only database.
        using (var refused = await StartUntilRefusedAsync(client, acknowledged))
        {
            var error = await Api.AssertErrorAsync(refused, 503, "SERVICE_UNAVAILABLE");
            Assert.StartsWith($"The store cannot keep this change: {ReadOnlyReason}", error.Message(), StringComparison.Ordinal);
            Assert.Equal("5", refused.Headers.RetryAfter!.ToString());
        }

        using (var ready = await client.GetAsync("/health/ready"))
        {
            var readiness = await ready.Content.ReadAsStringAsync();
            Assert.True(ready.StatusCode == HttpStatusCode.ServiceUnavailable, readiness);
            Assert.Contains($"the store cannot keep writes: {ReadOnlyReason}", readiness, StringComparison.Ordinal);
        }

        // Past the delay of the runs in flight: caught by the fault, they wait for the database instead of ending.
        await Task.Delay(TimeSpan.FromSeconds(3));
        foreach (var id in acknowledged)
        {
            var run = await client.GetRunAsync(id);
            Assert.True(run.Status() is not ("succeeded" or "failed" or "cancelled" or "timed_out"), run.ToJsonString());
        }

        output.WriteLine("making the database writable again");
        await SetReadOnlyAsync(postgres, false);
        await client.WaitForReadinessAsync(HttpStatusCode.OK, TimeSpan.FromSeconds(20));
        Assert.Equal("succeeded", (await client.RunAsync("quick", """{"n":99}""")).Status());
        foreach (var id in acknowledged)
        {
            var run = await client.WaitForAsync(id, TimeSpan.FromSeconds(20), "succeeded", "failed", "cancelled", "timed_out");
            Assert.True(run.Status() == "succeeded", run.ToJsonString());
        }

        var log = server.Process.Stdout.Split('\n');
        output.WriteLine(string.Join('\n', log.Where(line => line.Contains("\"event\":\"store.", StringComparison.Ordinal))));
        Assert.Single(log, line => line.Contains("store.fault", StringComparison.Ordinal));
        Assert.Single(log, line => line.Contains("store.recovered", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("store.fault", StringComparison.Ordinal) && line.Contains(ReadOnlyReason, StringComparison.Ordinal));
        Assert.DoesNotContain("unhandled", server.Process.Stdout + server.Process.Stderr, StringComparison.OrdinalIgnoreCase);

        // The fault's one error line is store.fault: the worker's retries while it lasts are not errors with stacks.
        Assert.DoesNotContain(log, line => line.Contains("\"event\":\"worker.poll_error\"", StringComparison.Ordinal)
            || line.Contains("\"event\":\"worker.error\"", StringComparison.Ordinal));
    }

    /// <summary>
    /// Starts runs until one is refused for the read-only database; runs acknowledged meanwhile join
    /// <paramref name="acknowledged"/> (each must then succeed). Anything but 2xx or 503 fails the test.
    /// </summary>
    private static async Task<HttpResponseMessage> StartUntilRefusedAsync(HttpClient client, List<string> acknowledged)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        for (var n = 100; ; n++)
        {
            var response = await client.PostAsync("/api/v1/workflows/quick/executions", Api.Json($$"""{"n":{{n}}}"""), deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            if (response.IsSuccessStatusCode)
            {
                acknowledged.Add(JsonNode.Parse(text)!["id"]!.GetValue<string>());
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"starting a run answered {(int)response.StatusCode}: {text}");
                if (text.Contains(ReadOnlyReason, StringComparison.Ordinal))
                {
                    return response;
                }
            }

            response.Dispose();
            await Task.Delay(100, deadline.Token);
        }
    }

    /// <summary>As an operator's failover does: the database's sessions become read-only (or writable), and every
    /// session of the server is cut so that its new ones take the setting.</summary>
    private static async Task SetReadOnlyAsync(PostgresLauncher postgres, bool readOnly)
    {
        await PsqlAsync(postgres, $"ALTER DATABASE {Database} SET default_transaction_read_only = {(readOnly ? "on" : "off")}");
        await PsqlAsync(postgres,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Database}' AND pid <> pg_backend_pid()");
    }

    private static async Task PsqlAsync(PostgresLauncher postgres, string sql)
    {
        var psql = PostgresBinaries.SearchFolders().Select(folder => Path.Combine(folder, "psql")).First(File.Exists);
        var start = new ProcessStartInfo(psql) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-h", "127.0.0.1", "-p", postgres.Port.ToString(CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres",
            "-v", "ON_ERROR_STOP=1", "-c", sql,
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"psql -c \"{sql}\" failed: {await errors}");
    }
}
