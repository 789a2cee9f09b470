using System.Runtime.InteropServices;

namespace Stepwise.Cli.Tests.Support;

/// <summary>Sends POSIX signals, as a terminal's Ctrl+C does.</summary>
internal static partial class Signals
{
    private const int SigInt = 2;

    public static void Interrupt(int processId)
    {
        if (Kill(processId, SigInt) != 0)
        {
            throw new InvalidOperationException($"kill({processId}, SIGINT) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
