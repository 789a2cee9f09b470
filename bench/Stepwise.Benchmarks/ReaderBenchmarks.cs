using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Storage;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Benchmarks;

/// <summary>
/// One point read on SQLite, as every authenticated API request makes several (the key, the organization, the
/// workflow): through the store (a pooled reader connection opened per read), against the same query on a
/// connection kept open, which is the floor.
/// </summary>
[MemoryDiagnoser]
public class ReaderBenchmarks
{
    private string _folder = "";
    private StepwiseStorage? _storage;
    private SqliteConnection? _open;
    private string _id = "";

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _folder = Path.Combine(Path.GetTempPath(), "stepwise-bench", Guid.NewGuid().ToString("N"));
        var path = Path.Combine(_folder, "stepwise.db");
        _storage = await SqliteStorage.OpenAsync(path, TimeProvider.System);
        var actions = BuiltInActions.CreateRegistry();
        await using var engine = new WorkflowEngine(
            actions, _storage.Executions, _storage.Journal, new InMemoryWorkflowResolver(),
            options: new EngineOptions { OwnerId = "bench" });
        var run = await engine.RunAsync(ExampleWorkflows.Load("chain10.yaml", actions), 1, null);
        _id = run.Id;
        _open = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await _open.OpenAsync();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_open is not null)
        {
            await _open.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true)]
    public async Task<object?> StoreGetExecution() =>
        await _storage!.Executions.GetExecutionAsync(_id) ?? throw new InvalidOperationException("run not found");

    [Benchmark]
    public async Task<object?> OpenConnectionQuery()
    {
        using var command = _open!.CreateCommand();
        command.CommandText = "SELECT id, status FROM executions WHERE id = @id";
        command.Parameters.AddWithValue("@id", _id);
        using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? reader.GetString(1) : throw new InvalidOperationException("run not found");
    }
}
