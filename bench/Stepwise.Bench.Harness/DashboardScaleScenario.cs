using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Stepwise.Bench.Harness;

/// <summary>
/// S6: the dashboard's executions page in a real Chromium over a database holding a million finished executions:
/// how long until the first page's 50 rows are on screen, until its live stream is connected, the next page by
/// cursor, a status filter and a query-language search. Each action is timed from the click or navigation to its rows
/// being drawn, repeated, and the percentiles taken over all samples.
/// </summary>
internal sealed class DashboardScaleScenario(HarnessOptions options, string workFolder)
{
    public const string ChromiumPath = "/usr/lib/chromium/chromium";

    private const float Timeout = 60_000;

    public async Task<JsonObject> RunAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"S6 drives Debian's Chromium at {ChromiumPath}: apt-get install -y --no-install-recommends chromium");
        }

        Console.WriteLine($"-- S6: the dashboard's executions page with {options.HistoryExecutions:N0} stored executions");
        var folder = Path.Combine(workFolder, "dashboard");
        await using (var first = await StepwiseInstance.StartAsync(options, folder).ConfigureAwait(false))
        {
            await first.DeployAsync(options.Example("greet.yaml")).ConfigureAwait(false);
        }

        var database = Path.Combine(folder, "stepwise.db");
        var fillClock = Stopwatch.StartNew();
        await HistoryFill.FillAsync(
            database, await HistoryFill.OrgIdAsync(database).ConfigureAwait(false), options.HistoryExecutions,
            TimeProvider.System.GetUtcNow()).ConfigureAwait(false);
        var fillSeconds = fillClock.Elapsed.TotalSeconds;
        Console.WriteLine($"   filled in {fillSeconds:F1} s");

        await using var server = await StepwiseInstance.StartAsync(options, folder).ConfigureAwait(false);
        var baseUrl = server.Client.BaseAddress!.ToString().TrimEnd('/');
        using var playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run", "--disable-background-networking"],
        }).ConfigureAwait(false);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } }).ConfigureAwait(false);
        await context.AddInitScriptAsync(
            $"sessionStorage.setItem('stepwise.session', JSON.stringify({{ kind: 'key', key: '{StepwiseInstance.AdminKey}' }}));")
            .ConfigureAwait(false);
        var page = await context.NewPageAsync().ConfigureAwait(false);
        var rows = page.Locator("main table tbody tr");

        var actions = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
        {
            ["open_list"] = async () =>
            {
                await page.GotoAsync(baseUrl + "/executions").ConfigureAwait(false);
                await Assertions.Expect(rows).ToHaveCountAsync(50, new() { Timeout = Timeout }).ConfigureAwait(false);
            },
            ["live_stream"] = async () =>
            {
                await page.GotoAsync(baseUrl + "/executions").ConfigureAwait(false);
                await Assertions.Expect(page.GetByText("live", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = Timeout })
                    .ConfigureAwait(false);
            },
            ["next_page"] = async () =>
            {
                await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync().ConfigureAwait(false);
                await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("cursor="), new() { Timeout = Timeout })
                    .ConfigureAwait(false);
                await Assertions.Expect(rows).ToHaveCountAsync(50, new() { Timeout = Timeout }).ConfigureAwait(false);
            },
            ["filter_failed"] = async () =>
            {
                await page.GotoAsync(baseUrl + "/executions?status=failed").ConfigureAwait(false);
                await Assertions.Expect(rows).ToHaveCountAsync(50, new() { Timeout = Timeout }).ConfigureAwait(false);
            },
            ["query_search"] = async () =>
            {
                await page.GotoAsync(baseUrl + "/executions?q=" + Uri.EscapeDataString("executions where status = 'failed' and workflow = 'greet' limit 50"))
                    .ConfigureAwait(false);
                await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("50 rows of executions", new() { Timeout = Timeout })
                    .ConfigureAwait(false);
            },
        };

        foreach (var action in actions.Values)
        {
            await action().ConfigureAwait(false);
        }

        var samples = actions.Keys.ToDictionary(name => name, _ => new List<double>(), StringComparer.Ordinal);
        var p99 = new List<double>();
        for (var run = 0; run < options.Runs; run++)
        {
            var all = new List<double>();
            for (var sample = 0; sample < options.DashboardSamples; sample++)
            {
                foreach (var (name, action) in actions)
                {
                    var clock = Stopwatch.StartNew();
                    await action().ConfigureAwait(false);
                    var ms = clock.Elapsed.TotalMilliseconds;
                    samples[name].Add(ms);
                    all.Add(ms);
                }
            }

            all.Sort();
            p99.Add(Figure.Percentile(all, 99));
            Console.WriteLine($"   run {run + 1}: {all.Count} page actions, p50 {Figure.Percentile(all, 50):F0} ms, p99 {p99[^1]:F0} ms");
        }

        var byAction = new JsonObject();
        foreach (var (name, list) in samples)
        {
            list.Sort();
            byAction[name] = new JsonObject
            {
                ["p50_ms"] = Math.Round(Figure.Percentile(list, 50), 1),
                ["p99_ms"] = Math.Round(Figure.Percentile(list, 99), 1),
            };
        }

        return new JsonObject
        {
            ["executions"] = options.HistoryExecutions,
            ["p99_ms"] = Figure.Of(p99, 1),
            ["fill_seconds"] = Math.Round(fillSeconds, 1),
            ["rss_mb"] = Math.Round(server.Process.RssMb(), 0),
            ["actions"] = byAction,
        };
    }
}
