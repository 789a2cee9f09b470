using System.Data;

namespace Stepwise.Storage.Diagnostics;

/// <summary>Counts the connections a dialect has open, from their state changes; read by health and metrics.</summary>
internal sealed class ConnectionCounters
{
    private int writersOpen;
    private int readersOpen;
    private long readersOpened;

    public int WritersOpen => Volatile.Read(ref writersOpen);

    public int ReadersOpen => Volatile.Read(ref readersOpen);

    public long ReadersOpened => Interlocked.Read(ref readersOpened);

    public void TrackWriter(object? sender, StateChangeEventArgs change) => Track(change, ref writersOpen, null);

    public void TrackReader(object? sender, StateChangeEventArgs change) => Track(change, ref readersOpen, this);

    private static void Track(StateChangeEventArgs change, ref int open, ConnectionCounters? readers)
    {
        if (change.OriginalState != ConnectionState.Open && change.CurrentState == ConnectionState.Open)
        {
            Interlocked.Increment(ref open);
            if (readers is not null)
            {
                Interlocked.Increment(ref readers.readersOpened);
            }
        }
        else if (change.OriginalState == ConnectionState.Open && change.CurrentState != ConnectionState.Open)
        {
            Interlocked.Decrement(ref open);
        }
    }
}
