namespace Stepwise.Bench.Harness;

/// <summary>
/// What one harness run does: the full run repeats every scenario three times and reports the median with min–max;
/// <c>--quick</c> runs each once, shorter and smaller, to finish in a few minutes.
/// </summary>
internal sealed class HarnessOptions
{
    public const string Usage = """
        usage: Stepwise.Bench.Harness --repo <repository root> [--quick] [--only S1,S2,S2_inproc,S3,S4,S5,S6,S7] [--history N] [--log-level info|warn|...] [--out <file>]
        """;

    private static readonly string[] Scenarios = ["S1", "S2", "S2_inproc", "S3", "S4", "S5", "S6", "S7"];

    private static readonly string[] LogLevels = ["debug", "info", "warn", "warning", "error"];

    public required string RepoRoot { get; init; }

    public bool Quick { get; init; }

    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public string OutputPath { get; init; } = "";

    /// <summary>The server's LOG_LEVEL: the product's default (info) unless <c>--log-level</c> says otherwise.</summary>
    public string LogLevel { get; init; } = "info";

    public int Runs => Quick ? 1 : 3;

    public int WrkSeconds => Quick ? 4 : 10;

    // Long enough for tiered compilation to reach its optimized code on a loaded machine (a profile after 2 s still
    // showed 14% of the server's CPU in the JIT).
    public int WarmupSeconds => Quick ? 5 : 10;

    public int InProcessSeconds => Quick ? 2 : 5;

    public int DurableRuns => Quick ? 10_000 : 100_000;

    /// <summary>The executions S5, S6 and S7 store (<c>--history N</c>; 1,000,000 unless a smaller store is compared).</summary>
    public int HistoryExecutions { get; init; } = 1_000_000;

    public int HistorySamplesPerQuery => Quick ? 40 : 200;

    /// <summary>S6: how many times each page action is timed per run.</summary>
    public int DashboardSamples => Quick ? 5 : 20;
    /// <summary>S7: records stored beside the executions.</summary>
    public int HistoryRecords => 1_000_000;

    public int SettleSeconds => Quick ? 5 : 15;

    public string ServerDll => Path.Combine(RepoRoot, "src", "Stepwise.Cli", "bin", "Release", "net10.0", "stepwise.dll");

    public string BaselineDll => Path.Combine(
        RepoRoot, "bench", "Stepwise.Bench.Baseline", "bin", "Release", "net10.0", "Stepwise.Bench.Baseline.dll");

    public string WrkScript => Path.Combine(RepoRoot, "bench", "wrk", "post-json.lua");

    public string Example(string file) => Path.Combine(RepoRoot, "examples", file);

    public bool Includes(string scenario) => Only.Count == 0 || Only.Contains(scenario);

    public static HarnessOptions? Parse(string[] args, out string problem)
    {
        string? repo = null;
        string? output = null;
        var quick = false;
        var history = 1_000_000;
        var logLevel = "info";
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--repo" when i + 1 < args.Length:
                    repo = Path.GetFullPath(args[++i]);
                    break;
                case "--out" when i + 1 < args.Length:
                    output = Path.GetFullPath(args[++i]);
                    break;
                case "--history" when i + 1 < args.Length:
                    if (!int.TryParse(args[++i], System.Globalization.CultureInfo.InvariantCulture, out history) || history < 100)
                    {
                        problem = $"--history must be a whole number of executions, at least 100, not '{args[i]}'";
                        return null;
                    }

                    break;
                case "--log-level" when i + 1 < args.Length:
                    logLevel = args[++i];
                    if (!LogLevels.Contains(logLevel, StringComparer.OrdinalIgnoreCase))
                    {
                        problem = $"--log-level must be one of {string.Join(", ", LogLevels)}, not '{logLevel}'";
                        return null;
                    }

                    break;
                case "--only" when i + 1 < args.Length:
                    only.UnionWith(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                default:
                    problem = $"unknown or incomplete argument '{args[i]}'";
                    return null;
            }
        }

        if (only.FirstOrDefault(name => !Scenarios.Contains(name, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            problem = $"--only: unknown scenario '{unknown}'; the scenarios are {string.Join(", ", Scenarios)}";
            return null;
        }

        if (repo is null || !File.Exists(Path.Combine(repo, "Stepwise.slnx")))
        {
            problem = "--repo must name the repository root (the folder holding Stepwise.slnx)";
            return null;
        }

        problem = "";
        return new HarnessOptions
        {
            RepoRoot = repo,
            Quick = quick,
            Only = only,
            HistoryExecutions = history,
            LogLevel = logLevel,
            OutputPath = output ?? Path.Combine(repo, "bench", "results", "latest.json"),
        };
    }
}
