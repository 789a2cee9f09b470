using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Records;

/// <summary>
/// The one call records make to start a run: kept this narrow so it can follow the host's single way of starting
/// runs without the rest of records changing.
/// </summary>
internal interface IRecordRunStarter
{
    /// <summary>
    /// Creates the run (durably) and queues it; returns it and a task that completes with the run once it has
    /// finished, or with what is known when <paramref name="wait"/> passes first.
    /// </summary>
    Task<StartedRun> StartAsync(
        ResolvedWorkflow workflow, JsonObject parameters, RunOptions options, TimeSpan wait, CancellationToken waitCancellation);
}
