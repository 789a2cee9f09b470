using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Definitions;
using Stepwise.Workspace;

namespace Stepwise.Benchmarks;

/// <summary>
/// chain10 as a C# workflow (ten <c>StepAsync</c> steps, each adds one), compiled from a temp workspace folder the
/// way the server compiles it; and a workspace of many files, for compile times.
/// </summary>
internal static class CodeWorkflows
{
    public const string Chain10 = """
        using Stepwise.Sdk;

        public static class Chain
        {
            [Workflow("chain10_code")]
            public static async Task<int> RunAsync(IWorkflowContext context)
            {
                var count = 0;
                for (var i = 1; i <= 10; i++)
                {
                    var previous = count;
                    count = await context.StepAsync($"s{i}", ct => Task.FromResult(previous + 1));
                }

                return count;
            }
        }
        """;

    /// <summary>A workspace of <paramref name="files"/> files, each a workflow with a few steps and a record.</summary>
    public static IReadOnlyList<(string Path, string Text)> Files(int files) =>
        [.. Enumerable.Range(1, files).Select(i => ($"W{i}.cs", $$"""
            using Stepwise.Sdk;

            public static class W{{i}}
            {
                [Workflow("w{{i}}", Description = "Workflow {{i}}")]
                public static async Task<R{{i}}> RunAsync(IWorkflowContext context, [Param(Required = true)] string name, int n = {{i}})
                {
                    var a = await context.StepAsync("a", ct => Task.FromResult(name.ToUpperInvariant()));
                    var b = await context.StepAsync("b", ct => Task.FromResult(Enumerable.Range(0, n).Sum()));
                    await context.DelayAsync(TimeSpan.FromMilliseconds(1));
                    context.Log("info", "done", new { a, b });
                    return new R{{i}}(a, b);
                }
            }

            public sealed record R{{i}}(string A, int B);
            """))];

    /// <summary>Compiles <paramref name="files"/> in a temp folder and returns the workflow, with the host (dispose it).</summary>
    public static (WorkspaceHost Host, WorkflowDefinition Workflow) Load(string name, params (string Path, string Text)[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "stepwise-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var (path, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, path), text);
        }

        var host = new WorkspaceHost(folder, NullLogger.Instance);
        var status = host.BuildAsync().GetAwaiter().GetResult();
        if (host.Current?.Workflows.GetValueOrDefault(name) is not { } workflow)
        {
            throw new InvalidOperationException("the benchmark workspace does not build: " + string.Join("\n", status.Errors));
        }

        return (host, workflow);
    }
}
