using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task CreateExecutionAsync_ThenGet_RoundTripsEveryField()
    {
        await using var storage = await OpenStoreAsync();
        var created = new ExecutionRecord(
            Id: "exec-1",
            OrgId: "acme",
            Workflow: "orders",
            Version: 3,
            Status: ExecutionStatus.Running,
            Priority: 7,
            Params: new JsonObject
            {
                ["customer"] = "Zoë \"quoted\" ✓",
                ["amount"] = 12.5,
                ["items"] = new JsonArray(1, 2, new JsonObject { ["sku"] = "a" }),
                ["gift"] = null,
            },
            Output: new JsonArray("done", true),
            Error: "earlier failure",
            ParentExecutionId: "exec-parent",
            ParentStepId: "call_child",
            CreatedAt: Start,
            StartedAt: Start.AddSeconds(1),
            FinishedAt: null)
        {
            Trigger = new JsonObject
            {
                ["type"] = "webhook",
                ["headers"] = new JsonObject { ["x-github-event"] = "push" },
                ["query"] = new JsonObject { ["ref"] = "main" },
            },
        };

        await storage.Executions.CreateExecutionAsync(created);
        var read = await storage.Executions.GetExecutionAsync("exec-1");

        Assert.NotNull(read);
        Assert.Equal(created with { Params = read.Params, Output = read.Output, Trigger = read.Trigger }, read);
        Records.AssertJson(created.Params, read.Params);
        Records.AssertJson(created.Output, read.Output);
        Records.AssertJson(created.Trigger, read.Trigger);
        Assert.Equal(TimeSpan.Zero, read.CreatedAt.Offset);
    }

    [PostgresFact]
    public async Task CreateExecutionAsync_WithoutTrigger_ReadsBackNull()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("no-trigger", Start));

        var read = await storage.Executions.GetExecutionAsync("no-trigger");

        Assert.Null(read!.Trigger);
    }

    [PostgresFact]
    public async Task GetExecutionAsync_UnknownId_ReturnsNull()
    {
        await using var storage = await OpenStoreAsync();

        Assert.Null(await storage.Executions.GetExecutionAsync("missing"));
    }

    [PostgresFact]
    public async Task CreateExecutionAsync_DuplicateId_ThrowsConflictNamingTheRun()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("dup", Start));

        var error = await Assert.ThrowsAsync<StorageConflictException>(
            () => storage.Executions.CreateExecutionAsync(Records.Execution("dup", Start)));

        Assert.Contains("'dup'", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task CreateExecutionAsync_EmptyId_ThrowsArgumentException()
    {
        await using var storage = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => storage.Executions.CreateExecutionAsync(Records.Execution(" ", Start)));

        Assert.Contains("execution id", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task AppendAsync_SameAttemptTwice_UpsertsAndKeepsFirstWriteOrder()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));

        await storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "fetch", Start, status: StepStatus.Running)));
        await storage.Journal.AppendAsync(new StepWritten(Records.Step("e", "parse", Start.AddSeconds(1))));
        await storage.Journal.AppendAsync(new StepWritten(
            Records.Step("e", "fetch", Start, output: new JsonObject { ["rows"] = 3 })));

        var steps = await storage.Executions.GetStepsAsync("e");

        Assert.Equal(["fetch", "parse"], steps.Select(step => step.StepId));
        Assert.Equal(StepStatus.Succeeded, steps[0].Status);
        Assert.Equal(Start.AddMilliseconds(5), steps[0].FinishedAt);
        Records.AssertJson(new JsonObject { ["rows"] = 3 }, steps[0].Output);
    }

    [PostgresFact]
    public async Task GetStepsAsync_AttemptsAndItems_ReturnsEveryFieldInWriteOrder()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var retry = new StepRecord(
            "e", "charge", "charge", 1, StepStatus.RetryScheduled, new JsonObject { ["amount"] = 5 }, null,
            "HTTP 503", Start, Start.AddSeconds(1), Start.AddSeconds(30));
        var written = new[]
        {
            retry,
            Records.Step("e", "charge", Start.AddSeconds(30), attempt: 2),
            Records.Step("e", "each[0]", Start.AddSeconds(31)),
            Records.Step("e", "each[1]", Start.AddSeconds(31)),
            Records.Step("e", "charge#compensate", Start.AddSeconds(40), status: StepStatus.Failed),
        };
        foreach (var step in written)
        {
            await storage.Journal.AppendAsync(new StepWritten(step));
        }

        var steps = await storage.Executions.GetStepsAsync("e");

        Assert.Equal(written.Select(step => (step.StepId, step.Attempt)), steps.Select(step => (step.StepId, step.Attempt)));
        Assert.Equal(retry with { Input = steps[0].Input }, steps[0]);
        Records.AssertJson(retry.Input, steps[0].Input);
        Assert.Equal("each", steps[2].NodeId);
        Assert.Empty(await storage.Executions.GetStepsAsync("other"));
    }

    [PostgresFact]
    public async Task GetLogsAsync_LinesAppended_ReturnsThemInOrderWithData()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        var lines = Enumerable.Range(0, 20)
            .Select(index => new ExecutionLogRecord(
                "e",
                index % 2 == 0 ? null : "step",
                (ExecutionLogLevel)(index % 4),
                $"line {index}",
                index % 3 == 0 ? new JsonObject { ["index"] = index } : null,
                Start.AddMilliseconds(index)))
            .ToList();
        await Task.WhenAll(lines.Select(line => storage.Journal.AppendAsync(new LogWritten(line)).AsTask()));

        var read = await storage.Executions.GetLogsAsync("e");

        Assert.Equal(lines.Select(line => line.Message), read.Select(line => line.Message));
        Assert.Equal(lines.Select(line => (line.StepId, line.Level, line.At)), read.Select(line => (line.StepId, line.Level, line.At)));
        Records.AssertJson(lines[3].Data, read[3].Data);
        Assert.Null(read[1].Data);
    }

    [PostgresFact]
    public async Task AppendAsync_StatusChanges_SetStartFinishOutputAndClearFinishOnRetry()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));

        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Running, null, null, Start.AddSeconds(1)));
        await storage.Journal.AppendAsync(new ExecutionStatusWritten(
            "e", ExecutionStatus.Failed, new JsonObject { ["partial"] = true }, "step 'charge' failed", Start.AddSeconds(5)));
        var failed = await storage.Executions.GetExecutionAsync("e");
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Running, null, null, Start.AddSeconds(9)));
        var resumed = await storage.Executions.GetExecutionAsync("e");

        Assert.NotNull(failed);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);
        Assert.Equal(Start.AddSeconds(1), failed.StartedAt);
        Assert.Equal(Start.AddSeconds(5), failed.FinishedAt);
        Assert.Equal("step 'charge' failed", failed.Error);
        Records.AssertJson(new JsonObject { ["partial"] = true }, failed.Output);
        Assert.NotNull(resumed);
        Assert.Equal(ExecutionStatus.Running, resumed.Status);
        Assert.Equal(Start.AddSeconds(1), resumed.StartedAt);
        Assert.Null(resumed.FinishedAt);
        Assert.Null(resumed.Error);
    }

    [PostgresFact]
    public async Task AppendAsync_StatusOfUnknownExecution_ThrowsNotFoundNamingIt()
    {
        await using var storage = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<StorageNotFoundException>(
            async () => await storage.Journal.AppendAsync(
                new ExecutionStatusWritten("ghost", ExecutionStatus.Running, null, null, Start)));

        Assert.Contains("'ghost'", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, storage.Counters.WritesFailed);
    }
}
