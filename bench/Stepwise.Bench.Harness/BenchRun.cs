using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>
/// One harness run: starts the baseline app and a fresh Stepwise server on 127.0.0.1, runs the scenarios, prints a
/// table and writes the results as JSON (scenario key to figures, each figure the median with min and max).
/// </summary>
internal sealed class BenchRun(HarnessOptions options)
{
    private const string GreetBody = """{"name":"Ada","n":21}""";

    public async Task<int> RunAsync()
    {
        var results = new JsonObject
        {
            ["commit"] = await GitAsync().ConfigureAwait(false),
            ["date"] = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
            ["mode"] = options.Quick ? "quick" : "full",
            ["runs_per_figure"] = options.Runs,
            ["cores"] = Environment.ProcessorCount,
            ["load_average_at_start"] = File.ReadAllText("/proc/loadavg").Split(' ')[0],
            ["log_level"] = options.LogLevel,
        };
        var memory = new JsonObject();
        var work = Directory.CreateTempSubdirectory("stepwise-bench-").FullName;
        var clock = Stopwatch.StartNew();
        var ok = false;
        try
        {
            if (new[] { "S1", "S2", "S3", "S4" }.Any(options.Includes))
            {
                await RunServerScenariosAsync(results, memory, work).ConfigureAwait(false);
            }

            if (options.Includes("S2") || options.Includes("S2_inproc"))
            {
                results["S2_inproc"] = await new InProcessScenario(options, work).RunAsync().ConfigureAwait(false);
            }

            if (options.Includes("S5"))
            {
                results["S5"] = await new HistoryScaleScenario(options, work).RunAsync().ConfigureAwait(false);
            }

            if (options.Includes("S6"))
            {
                results["S6"] = await new DashboardScaleScenario(options, work).RunAsync().ConfigureAwait(false);
            }

            if (options.Includes("S7"))
            {
                results["S7"] = await new QueryScaleScenario(options, work).RunAsync().ConfigureAwait(false);
            }

            ok = true;
        }
        finally
        {
            if (ok)
            {
                Directory.Delete(work, recursive: true);
            }
            else
            {
                await Console.Error.WriteLineAsync("harness failed; server logs kept under " + work).ConfigureAwait(false);
            }
        }

        results["memory"] = memory;
        results["load_average_at_end"] = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        results["harness_seconds"] = Math.Round(clock.Elapsed.TotalSeconds, 0);
        Directory.CreateDirectory(Path.GetDirectoryName(options.OutputPath)!);
        await File.WriteAllTextAsync(
            options.OutputPath, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n").ConfigureAwait(false);
        ResultTable.Print(results);
        Console.WriteLine($"wrote {options.OutputPath} in {clock.Elapsed.TotalSeconds:F0} s");
        return 0;
    }

    private async Task RunServerScenariosAsync(JsonObject results, JsonObject memory, string work)
    {
        await using var baseline = await ChildProcess.StartDotnetAsync(
            options.BaselineDll, [], new Dictionary<string, string>(StringComparer.Ordinal), Path.Combine(work, "baseline.log"))
            .ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(work, "durable"));
        await using var durable = await ChildProcess.StartDotnetAsync(
            options.BaselineDll,
            ["--durable", Path.Combine(work, "durable", "durable.db")],
            new Dictionary<string, string>(StringComparer.Ordinal),
            Path.Combine(work, "durable.log")).ConfigureAwait(false);
        await using var server = await StepwiseInstance.StartAsync(options, Path.Combine(work, "server")).ConfigureAwait(false);
        foreach (var example in new[] { "greet.yaml", "chain10.yaml", "fanout40.yaml" })
        {
            await server.DeployAsync(options.Example(example)).ConfigureAwait(false);
        }

        await CheckAsync(server, "/hooks/default/greet", GreetBody, "\"greeting\":\"hello Ada\"").ConfigureAwait(false);
        await CheckAsync(server, "/hooks/default/chain10", "{}", "\"count\":10").ConfigureAwait(false);
        await CheckAsync(server, "/hooks/default/fanout40", "{}", "\"sum\":20540").ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
        memory["idle"] = new JsonObject { ["rss_mb"] = Math.Round(server.Process.RssMb(), 1) };

        var http = new HttpScenarios(options, server, baseline, durable);
        if (options.Includes("S1"))
        {
            results["S1_c1"] = (await http.MeasureAsync(new("S1_c1", "/hooks/default/greet", GreetBody, 1)).ConfigureAwait(false))
                .Figures();
            var rss = new List<double>();
            results["S1_c16"] = (await http.MeasureAsync(new("S1_c16", "/hooks/default/greet", GreetBody, 16), rss)
                .ConfigureAwait(false)).Figures();
            memory["s1_load"] = new JsonObject { ["rss_mb"] = Figure.Of(rss, 1) };
        }

        if (options.Includes("S2"))
        {
            var chain = (await http.MeasureAsync(new("S2_c16", "/hooks/default/chain10", "{}", 16)).ConfigureAwait(false))
                .Figures();

            // Issue 19 measures chain10 against the durable limit's greet rate: ten steps for the price of one row.
            if (results["S1_c16"]?["durable_rps"]?["median"] is { } durableGreet)
            {
                chain["ratio_to_durable_s1"] = Figure.Of([chain["rps"]!["median"]!.GetValue<double>() / durableGreet.GetValue<double>()], 3);
            }

            results["S2_c16"] = chain;
        }

        if (options.Includes("S3"))
        {
            var fanout = await http.MeasureAsync(new("S3", "/hooks/default/fanout40", "{}", 1)).ConfigureAwait(false);
            var figures = fanout.Figures();
            figures["ms_per_run"] = Figure.Of([.. fanout.Ours.Select(r => r.MeanMs)], 3);
            figures["per_branch_us"] = Figure.Of(
                [.. fanout.Ours.Zip(fanout.Baseline, (ours, bare) => (ours.MeanMs - bare.MeanMs) * 1000 / 40)], 1);
            results["S3"] = figures;
        }

        if (options.Includes("S4"))
        {
            var after = new List<double>();
            var settled = new List<double>();
            results["S4"] = await new DurableThroughputScenario(options, server).RunAsync(after, settled).ConfigureAwait(false);
            memory["after_s4"] = new JsonObject { ["rss_mb"] = Figure.Of(after, 1) };
            memory["after_s4_settled"] = new JsonObject
            {
                ["rss_mb"] = Figure.Of(settled, 1),
                ["seconds_after"] = options.SettleSeconds,
            };
        }
    }

    private static async Task CheckAsync(StepwiseInstance server, string path, string body, string expected)
    {
        var answer = await server.PostJsonAsync(path, body).ConfigureAwait(false);
        if (!answer.Contains(expected, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"POST {path} answered {answer}, expected it to hold {expected}");
        }
    }

    private async Task<string> GitAsync()
    {
        var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = options.RepoRoot };
        start.ArgumentList.Add("describe");
        start.ArgumentList.Add("--always");
        start.ArgumentList.Add("--dirty");
        start.ArgumentList.Add("--abbrev=7");
        using var git = Process.Start(start)!;
        var text = await git.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await git.WaitForExitAsync().ConfigureAwait(false);
        return text.Trim();
    }
}
