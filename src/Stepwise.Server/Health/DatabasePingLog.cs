namespace Stepwise.Server.Health;

/// <summary>
/// Logs the database's reachability once per change of state: <c>database ping failed: ...</c> when it stops
/// answering, <c>database ping ok</c> when it answers again; nothing while the state stays the same, so an outage
/// is one line, not one per probe. Thread-safe.
/// </summary>
internal sealed class DatabasePingLog(ILogger<DatabasePingLog> logger)
{
    private const int Unknown = 0;
    private const int Ok = 1;
    private const int Failed = 2;

    private int _state = Unknown;

    /// <summary>Records a ping's outcome; <paramref name="failure"/> is null when the database answered.</summary>
    public void Observe(string? failure)
    {
        var next = failure is null ? Ok : Failed;
        var previous = Interlocked.Exchange(ref _state, next);
        if (next == Failed && previous != Failed)
        {
            Log.DatabasePingFailed(logger, failure!);
        }
        else if (next == Ok && previous == Failed)
        {
            Log.DatabasePingOk(logger);
        }
    }
}
