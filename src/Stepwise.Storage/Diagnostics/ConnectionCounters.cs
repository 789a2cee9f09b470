using System.Data;

namespace Stepwise.Storage.Diagnostics;

/// <summary>Counts the connections a dialect has open, from their state changes; read by health and metrics.</summary>
internal sealed class ConnectionCounters
{
    private int _writersOpen;
    private int _readersOpen;
    private long _readersOpened;

    public int WritersOpen => Volatile.Read(ref _writersOpen);

    public int ReadersOpen => Volatile.Read(ref _readersOpen);

    public long ReadersOpened => Interlocked.Read(ref _readersOpened);

    public void TrackWriter(object? sender, StateChangeEventArgs change) => Track(change, ref _writersOpen, null);

    public void TrackReader(object? sender, StateChangeEventArgs change) => Track(change, ref _readersOpen, this);

    private static void Track(StateChangeEventArgs change, ref int open, ConnectionCounters? readers)
    {
        if (change.OriginalState != ConnectionState.Open && change.CurrentState == ConnectionState.Open)
        {
            Interlocked.Increment(ref open);
            if (readers is not null)
            {
                Interlocked.Increment(ref readers._readersOpened);
            }
        }
        else if (change.OriginalState == ConnectionState.Open && change.CurrentState != ConnectionState.Open)
        {
            Interlocked.Decrement(ref open);
        }
    }
}
