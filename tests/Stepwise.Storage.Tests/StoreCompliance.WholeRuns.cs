using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

/// <summary>A run written whole (<see cref="ExecutionWritten"/>): its row, steps and logs in one journal entry.</summary>
public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task AppendAsync_RunWrittenWhole_StoresItsFinalRowStepsAndLogsWithNoLease()
    {
        await using var storage = await OpenStoreAsync();
        var finished = Records.Execution("whole", Start, status: ExecutionStatus.Succeeded) with
        {
            Output = new JsonObject { ["greeting"] = "hello Ada" },
            StartedAt = Start.AddMilliseconds(1),
            FinishedAt = Start.AddMilliseconds(3),
            Trigger = new JsonObject { ["type"] = "webhook" },
        };
        var steps = new[] { Records.Step("whole", "shape", Start.AddMilliseconds(1)), Records.Step("whole", "note", Start.AddMilliseconds(2)) };
        var line = new ExecutionLogRecord("whole", "note", ExecutionLogLevel.Info, "greeted Ada", null, Start.AddMilliseconds(2));

        await storage.Journal.AppendAsync(new ExecutionWritten(finished, steps, [line], null, null));

        var stored = await storage.Executions.GetExecutionAsync("whole");
        Assert.Equal(ExecutionStatus.Succeeded, stored!.Status);
        Records.AssertJson(finished.Output, stored.Output);
        Assert.Equal(finished.StartedAt, stored.StartedAt);
        Assert.Equal(finished.FinishedAt, stored.FinishedAt);
        Assert.Equal("webhook", stored.Trigger?["type"]?.GetValue<string>());
        Assert.Equal(["shape", "note"], (await storage.Executions.GetStepsAsync("whole")).Select(s => s.StepId));
        Assert.Equal("greeted Ada", Assert.Single(await storage.Executions.GetLogsAsync("whole")).Message);

        // Finished, it holds no lease: another node could claim it if it were not finished, and nobody renews it.
        Assert.False(await storage.Executions.TryClaimAsync("whole", "other", Start.AddMinutes(1)));
    }

    [PostgresFact]
    public async Task AppendAsync_RunWrittenWholeStillRunning_HoldsItsLeaseAndTakesLaterChanges()
    {
        await using var storage = await OpenStoreAsync();
        var running = Records.Execution("going", Start, status: ExecutionStatus.Running) with { StartedAt = Start };

        await storage.Journal.AppendAsync(new ExecutionWritten(running, [Records.Step("going", "a", Start)], [], "me", Start.AddMinutes(5)));
        Assert.False(await storage.Executions.TryClaimAsync("going", "other", Start.AddMinutes(6)));
        await storage.Journal.AppendAsync(new StepWritten(Records.Step("going", "b", Start.AddMilliseconds(1))));
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("going", ExecutionStatus.Succeeded, null, null, Start.AddMilliseconds(2)));

        Assert.Equal(ExecutionStatus.Succeeded, (await storage.Executions.GetExecutionAsync("going"))!.Status);
        Assert.Equal(["a", "b"], (await storage.Executions.GetStepsAsync("going")).Select(s => s.StepId));
    }

    [PostgresFact]
    public async Task AppendAsync_RunWrittenWholeWithManySteps_KeepsTheirOrderAndLaterStepsFollow()
    {
        await using var storage = await OpenStoreAsync();
        var run = Records.Execution("many", Start, status: ExecutionStatus.Running) with { StartedAt = Start };
        var steps = Enumerable.Range(0, 20)
            .Select(i => Records.Step("many", $"s{i}", Start.AddMilliseconds(i), output: new JsonObject { ["i"] = i }))
            .ToList();

        await storage.Journal.AppendAsync(new ExecutionWritten(run, steps, [], "me", Start.AddMinutes(5)));
        await storage.Journal.AppendAsync(new StepWritten(Records.Step("many", "late", Start.AddSeconds(1))));
        await storage.Journal.AppendAsync(new StepWritten(Records.Step("many", "s3", Start.AddSeconds(2), status: StepStatus.Failed)));

        var stored = await storage.Executions.GetStepsAsync("many");
        Assert.Equal([.. steps.Select(s => s.StepId), "late"], stored.Select(s => s.StepId));
        Assert.Equal(StepStatus.Failed, stored[3].Status);
        Records.AssertJson(new JsonObject { ["i"] = 19 }, stored[19].Output);
    }

    [PostgresFact]
    public async Task AppendAsync_RunWrittenWholeWithAnAttemptTwice_StoresItsLastWriteOnce()
    {
        await using var storage = await OpenStoreAsync();
        var run = Records.Execution("again", Start, status: ExecutionStatus.Succeeded) with { StartedAt = Start, FinishedAt = Start };
        var steps = new[]
        {
            Records.Step("again", "a", Start, status: StepStatus.Running),
            Records.Step("again", "b", Start),
            Records.Step("again", "a", Start.AddMilliseconds(1)),
        };

        await storage.Journal.AppendAsync(new ExecutionWritten(run, steps, [], null, null));

        var stored = await storage.Executions.GetStepsAsync("again");
        Assert.Equal(["a", "b"], stored.Select(s => s.StepId));
        Assert.Equal(StepStatus.Succeeded, stored[0].Status);
    }

    [PostgresFact]
    public async Task AppendAsync_RunWrittenWholeTwice_FailsTheSecondAndKeepsTheFirst()
    {
        await using var storage = await OpenStoreAsync();
        var run = Records.Execution("twice", Start, status: ExecutionStatus.Running) with { StartedAt = Start };
        await storage.Journal.AppendAsync(new ExecutionWritten(run, [Records.Step("twice", "a", Start)], [], "me", Start.AddMinutes(5)));

        await Assert.ThrowsAnyAsync<StorageException>(async () =>
            await storage.Journal.AppendAsync(new ExecutionWritten(run, [Records.Step("twice", "z", Start)], [], "me", Start.AddMinutes(5))));

        Assert.Equal(["a"], (await storage.Executions.GetStepsAsync("twice")).Select(s => s.StepId));
    }

    [PostgresFact]
    public async Task AppendAsync_RunWrittenWholeWithItsStartAudit_WritesBothOrNeither()
    {
        await using var storage = await OpenStoreAsync();
        var run = Records.Execution("audited", Start, status: ExecutionStatus.Succeeded) with
        {
            StartedAt = Start,
            FinishedAt = Start.AddMilliseconds(2),
        };
        var audit = new AuditRecord(
            "aud_audited", run.OrgId, Start, "webhook", null, "execution.start", "execution", "audited", "success", "10.0.0.9",
            "req-1", "whole v1");

        await storage.Journal.AppendAsync(new ExecutionWritten(run, [Records.Step("audited", "a", Start)], [], null, null) { StartAudit = audit });

        var listed = Assert.Single((await storage.Audit.ListAsync(new AuditQuery(run.OrgId, 10, Resource: "audited"))).Items);
        Assert.Equal(audit, listed);
        Assert.NotNull(await storage.Executions.GetExecutionAsync("audited"));

        // The same run again fails as a whole: its second audit entry is not written either.
        var again = audit with { Id = "aud_audited_again" };
        await Assert.ThrowsAnyAsync<StorageException>(async () =>
            await storage.Journal.AppendAsync(new ExecutionWritten(run, [], [], null, null) { StartAudit = again }));
        Assert.Equal(["aud_audited"], (await storage.Audit.ListAsync(new AuditQuery(run.OrgId, 10))).Items.Select(e => e.Id));
    }
}
