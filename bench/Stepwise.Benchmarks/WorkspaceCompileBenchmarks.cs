using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Workspace;

namespace Stepwise.Benchmarks;

/// <summary>
/// Building a workspace of 20 files (issue 14: under 3 s), as a running server does after a save: Roslyn is loaded and
/// warm (the server warms it at start), the folder is read, compiled, checked by the import rule and loaded.
/// </summary>
[MemoryDiagnoser]
public class WorkspaceCompileBenchmarks
{
    private string _folder = "";
    private string _file = "";
    private int _edits;
    private WorkspaceHost? _host;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "stepwise-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
        foreach (var (path, text) in CodeWorkflows.Files(20))
        {
            await File.WriteAllTextAsync(Path.Combine(_folder, path), text);
        }

        _file = Path.Combine(_folder, "W1.cs");
        _host = new WorkspaceHost(_folder, NullLogger.Instance);
        await _host.WarmUpAsync();
        await _host.BuildAsync();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _host?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>One file changed (a new version each time), then the whole workspace built and served.</summary>
    [Benchmark]
    public async Task Compile20Files()
    {
        await File.AppendAllTextAsync(_file, $"\n// edit {++_edits}\n");
        var status = await _host!.BuildAsync();
        if (!status.Healthy || status.ServingHash != status.LastBuildHash)
        {
            throw new InvalidOperationException("the workspace did not build: " + string.Join("\n", status.Errors));
        }
    }
}
