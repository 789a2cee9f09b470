using Microsoft.Extensions.Logging;

namespace Stepwise.Storage.Common;

/// <summary>
/// Whether the store can keep writes now: set by a write that failed for a fault of the store (full, read-only,
/// damaged, I/O), cleared by the next write that commits. Damage found by a read lasts until the process restarts:
/// writes to other pages succeed meanwhile, and readiness must not flap with every read. Each change of state is
/// logged once, however many writes fail meanwhile; health checks read <see cref="Current"/>.
/// </summary>
internal sealed class StoreFaultMonitor(TimeProvider time, ILogger logger)
{
    private readonly Lock _gate = new();
    private StoreFault? _current;
    private bool _lasting;

    public StoreFault? Current => Volatile.Read(ref _current);

    public void Report(string reason, bool lasting = false)
    {
        lock (_gate)
        {
            if (string.Equals(_current?.Reason, reason, StringComparison.Ordinal) || (_lasting && !lasting))
            {
                return;
            }

            _lasting = lasting;
            Volatile.Write(ref _current, new StoreFault(reason, time.GetUtcNow()));
        }

        Log.StoreFaulted(logger, reason);
    }

    public void Clear()
    {
        if (Volatile.Read(ref _current) is null)
        {
            return;
        }

        StoreFault? ended;
        lock (_gate)
        {
            if (_lasting)
            {
                return;
            }

            ended = _current;
            Volatile.Write(ref _current, null);
        }

        if (ended is not null)
        {
            Log.StoreRecovered(logger, ended.Reason, time.GetUtcNow() - ended.Since);
        }
    }
}
