using System.Threading.Channels;
using Stepwise.Core.Triggers;

namespace Stepwise.Core.Tests.Triggers;

/// <summary>
/// Records every run a trigger asks for, synchronously (before the trigger's loop moves on), and lets tests wait for
/// the next one. <see cref="HoldRuns"/> makes each start last until shutdown, like a slow run awaited by the starter.
/// </summary>
public sealed class RecordingStarter : ITriggerRunStarter
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly Lock _gate = new();
    private readonly List<TriggeredRun> _runs = [];
    private readonly Channel<TriggeredRun> _arrivals = Channel.CreateUnbounded<TriggeredRun>();

    public bool HoldRuns { get; init; }

    public Func<TriggeredRun, Exception?>? FailWith { get; set; }

    public IReadOnlyList<TriggeredRun> Runs
    {
        get
        {
            lock (_gate)
            {
                return [.. _runs];
            }
        }
    }

    public Task StartRunAsync(TriggeredRun run, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _runs.Add(run);
        }

        _arrivals.Writer.TryWrite(run);
        if (FailWith?.Invoke(run) is { } failure)
        {
            throw failure;
        }

        return HoldRuns ? Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>The next run asked for, waiting (in real time, at most 20 s) for it to arrive.</summary>
    public async Task<TriggeredRun> NextAsync()
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        try
        {
            return await _arrivals.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no run was started within {WaitLimit.TotalSeconds} s; so far: {Runs.Count}");
        }
    }
}
