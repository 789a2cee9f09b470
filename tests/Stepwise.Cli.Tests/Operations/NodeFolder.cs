using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

/// <summary>
/// A working folder whose node data folder is named one way: the <c>--data</c> flag, the STEPWISE_DATA environment
/// variable, or a stepwise.json in the working folder. Every verb runs in the working folder, so a verb that ignored
/// the setting would fall back to <c>./data</c> there, which the tests check stays absent.
/// </summary>
internal sealed class NodeFolder : IDisposable
{
    public const string Flag = "flag";
    public const string Environment = "env";
    public const string File = "file";

    private readonly TempFolder folder = new();
    private readonly string source;

    public NodeFolder(string source)
    {
        this.source = source;
        if (source == File)
        {
            folder.Write("stepwise.json", $$"""{"STEPWISE_DATA": "{{DataFolder}}"}""");
        }
    }

    public string WorkingFolder => folder.Path;

    public string DataFolder => folder.File("node-data");

    public string DefaultDataFolder => folder.File("data");

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    public Task<CliResult> RunAsync(string[] args, string? stdin, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (arguments, variables) = Command(args, environment);
        return StepwiseCli.RunAsync(arguments, variables, folder.Path, stdin);
    }

    public CliProcess Start(string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var (arguments, variables) = Command(args, environment);
        return CliProcess.Start(arguments, folder.Path, variables);
    }

    /// <summary>The store and nothing else went to the node's data folder.</summary>
    public void AssertStoreInDataFolder()
    {
        Assert.True(System.IO.File.Exists(Path.Combine(DataFolder, "stepwise.db")), $"no stepwise.db in {DataFolder}");
        Assert.False(Directory.Exists(DefaultDataFolder), $"a verb fell back to {DefaultDataFolder}");
    }

    public void Dispose() => folder.Dispose();

    private (List<string> Arguments, Dictionary<string, string> Environment) Command(
        string[] args, IReadOnlyDictionary<string, string>? environment)
    {
        var arguments = args.ToList();
        var variables = environment?.ToDictionary() ?? [];
        if (source == Flag)
        {
            arguments.AddRange(["--data", DataFolder]);
        }
        else if (source == Environment)
        {
            variables["STEPWISE_DATA"] = DataFolder;
        }

        return (arguments, variables);
    }
}
