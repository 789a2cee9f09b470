using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Stepwise.Bench.Harness;

/// <summary>Runs wrk with the harness's lua script and reads the JSON line its done() prints.</summary>
internal sealed class Wrk(string script)
{
    public async Task<WrkResult> RunAsync(string url, int connections, int seconds, string body)
    {
        var start = new ProcessStartInfo("wrk")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
                 {
                     "-t" + Math.Min(connections, 2).ToString(CultureInfo.InvariantCulture),
                     "-c" + connections.ToString(CultureInfo.InvariantCulture),
                     "-d" + seconds.ToString(CultureInfo.InvariantCulture) + "s",
                     "--timeout", "10s",
                     "-s", script, url,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["WRK_BODY"] = body;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start wrk");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        var text = await output.ConfigureAwait(false);
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("WRK_JSON ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"wrk printed no result:\n{text}\n{await errors.ConfigureAwait(false)}");
        using var json = JsonDocument.Parse(line["WRK_JSON ".Length..]);
        var root = json.RootElement;
        var requests = root.GetProperty("requests").GetInt64();
        var durationUs = root.GetProperty("duration_us").GetDouble();
        return new WrkResult(
            requests / (durationUs / 1e6),
            root.GetProperty("mean_us").GetDouble() / 1000,
            root.GetProperty("p50_us").GetDouble() / 1000,
            root.GetProperty("p99_us").GetDouble() / 1000,
            requests,
            root.GetProperty("errors").GetInt64() + root.GetProperty("status_errors").GetInt64());
    }
}
