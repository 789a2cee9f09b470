namespace Stepwise.Hosting.Diagnostics;

/// <summary>The right to run the one profile a process runs at a time; disposing it lets the next one start.</summary>
internal sealed class ProfileLease(Action release) : IDisposable
{
    private int _released;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            release();
        }
    }
}
