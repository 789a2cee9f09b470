using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Stepwise.Cli.Tests;

/// <summary>The shape issue 13 set: one way to start a run, and a CLI that uses no Server internals.</summary>
public sealed partial class ArchitectureTests
{
    /// <summary>The only places that create runs: RunStarter, and the engine's child-workflow step (docs/design/runs.md says why).</summary>
    private static readonly string[] RunCreators =
    [
        "src/Stepwise.Hosting/Runs/RunStarter.cs",
        "src/Stepwise.Core/Scheduling/ExecutionRunner.Children.cs",
    ];

    [Fact]
    public void Server_InternalsVisibleTo_NamesOnlyItsTestsAndBenchmarks()
    {
        // No layer reaches into the HTTP layer's internals; code that only measures it (the micro-benchmarks of its
        // logging pipeline) may, as its tests do.
        var friends = typeof(Stepwise.Server.StepwiseServer).Assembly.GetCustomAttributes<InternalsVisibleToAttribute>()
            .Select(attribute => attribute.AssemblyName)
            .ToList();

        Assert.All(friends, friend => Assert.True(
            friend.EndsWith(".Tests", StringComparison.Ordinal) || friend == "Stepwise.Benchmarks",
            $"Stepwise.Server's internals are visible to {friend}"));
    }

    [Fact]
    public void Runs_AreCreatedOnlyByTheRunStarterAndChildSteps()
    {
        var src = Path.Combine(RepoPaths.Root, "src");
        var creators = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(file => EngineCreatesRun().IsMatch(File.ReadAllText(file)))
            .Select(file => Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(RunCreators.Order(StringComparer.Ordinal), creators);
    }

    /// <summary>A call of the engine's run creation (not the store's row insert, which only the engine makes).</summary>
    [GeneratedRegex(@"[Ee]ngines?(\.Engine)?\.Create(Checked)?ExecutionAsync\(")]
    private static partial Regex EngineCreatesRun();
}
