using System.Runtime.InteropServices;

namespace Stepwise.Cli.Commands;

/// <summary>
/// Ctrl+C and SIGTERM for a running workflow. The first signal asks for a graceful stop (the run stops at the next
/// step boundary and ends cancelled); a second one stops at once, leaving a durable run resumable.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly PosixSignalRegistration[] _registrations;
    private Func<bool> _gracefulStop = () => false;
    private int _signals;

    public Interruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled when the user insists (second signal), or on the first one when nothing can stop gracefully.</summary>
    public CancellationToken Abort => _abort.Token;

    public bool WasRequested => Volatile.Read(ref _signals) > 0;

    /// <summary>What the first signal does; returns false when it could not act (the run has not started yet).</summary>
    public void OnFirstSignal(Func<bool> gracefulStop) => _gracefulStop = gracefulStop;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _abort.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _signals) == 1 && _gracefulStop())
        {
            Console.Error.WriteLine("stepwise: stopping at the next step boundary (press Ctrl+C again to stop now)");
            return;
        }

        _abort.Cancel();
    }
}
