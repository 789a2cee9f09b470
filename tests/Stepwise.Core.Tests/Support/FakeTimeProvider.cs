namespace Stepwise.Core.Tests.Support;

/// <summary>
/// A clock that moves only when a test says so, in UTC, with timers that fire as it moves: <see cref="Advance"/>
/// walks through every timer due on the way, in due order, setting the clock to each due time before firing it.
/// Tests wait for the code under test to arm a timer (<see cref="WaitForTimerAsync"/>) before advancing, so a
/// three-day delay tests in milliseconds without races.
/// </summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(20);

    private readonly Lock gate = new();
    private readonly List<FakeTimer> timers = [];
    private DateTimeOffset now;
    private long sequence;
    private TaskCompletionSource changed = NewSignal();

    public FakeTimeProvider()
        : this(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
    {
        now = start.ToUniversalTime();
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <summary>Due times of the armed timers, earliest first.</summary>
    public IReadOnlyList<DateTimeOffset> PendingDueTimes
    {
        get
        {
            lock (gate)
            {
                return [.. timers.Select(t => t.DueAt).Order()];
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer due up to the new time.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (gate)
        {
            target = now + delta;
        }

        while (true)
        {
            FakeTimer? due;
            lock (gate)
            {
                due = timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).ThenBy(t => t.Sequence).FirstOrDefault();
                if (due is null)
                {
                    now = target;
                    return;
                }

                if (due.DueAt > now)
                {
                    now = due.DueAt;
                }

                due.Rearm(now);
            }

            due.Fire();
        }
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        var current = GetUtcNow();
        if (value >= current)
        {
            Advance(value - current);
            return;
        }

        lock (gate)
        {
            now = value.ToUniversalTime();
        }
    }

    /// <summary>
    /// Waits (in real time, at most 20 s) until at least <paramref name="count"/> armed timers have a due time that
    /// satisfies the predicate.
    /// </summary>
    public async Task WaitForTimerAsync(Func<DateTimeOffset, bool> isDue, string? what = null, int count = 1)
    {
        using var limit = new CancellationTokenSource(WaitLimit);
        while (true)
        {
            Task signal;
            lock (gate)
            {
                if (timers.Count(t => isDue(t.DueAt)) >= count)
                {
                    return;
                }

                signal = changed.Task;
            }

            try
            {
                await signal.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"no timer {what ?? "matching"} was armed; armed: {string.Join(", ", PendingDueTimes)} (now {GetUtcNow()})");
            }
        }
    }

    /// <summary>Waits until a timer is due exactly <paramref name="delay"/> from now, then advances by it.</summary>
    public async Task AdvanceWhenArmedAsync(TimeSpan delay)
    {
        var dueAt = GetUtcNow() + delay;
        await WaitForTimerAsync(due => due == dueAt, $"due at {dueAt:O}");
        Advance(delay);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Changed()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = changed;
            changed = NewSignal();
        }

        previous.TrySetResult();
    }

    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
                this.period = period;
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    DueAt = owner.now + dueTime;
                    Sequence = owner.sequence++;
                    owner.timers.Add(this);
                }
            }

            owner.Changed();
            return true;
        }

        /// <summary>Called under the owner's lock when the timer fires: periodic timers go again, others disarm.</summary>
        public void Rearm(DateTimeOffset firedAt)
        {
            owner.timers.Remove(this);
            if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
            {
                DueAt = firedAt + period;
                Sequence = owner.sequence++;
                owner.timers.Add(this);
            }
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (owner.gate)
            {
                owner.timers.Remove(this);
            }

            owner.Changed();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
