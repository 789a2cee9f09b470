using System.Diagnostics;
using System.Text;

namespace Stepwise.Cli.Tests.Support;

/// <summary>
/// One running <c>dotnet stepwise.dll ...</c>. Output is collected as it arrives, so a test can wait for a line on
/// stderr (live progress) and then act on the process, for example kill it.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _gate = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Signal)> _waiters = [];
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;

    private CliProcess(Process process)
    {
        _process = process;
        _stdoutPump = PumpAsync(process.StandardOutput, _stdout, notify: false);
        _stderrPump = PumpAsync(process.StandardError, _stderr, notify: true);
    }

    public static CliProcess Start(IEnumerable<string> args, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null, string? stdin = null)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(RepoPaths.CliDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        return new CliProcess(process);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public string StderrSoFar
    {
        get
        {
            lock (_gate)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Completes when a line of stderr satisfies <paramref name="match"/>; fails after the timeout.</summary>
    public async Task WaitForStderrLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var seen = _stderr.ToString().Split('\n');
            if (seen.Any(match))
            {
                return;
            }

            _waiters.Add((match, signal));
        }

        var finished = await Task.WhenAny(signal.Task, Task.Delay(timeout), _stderrPump);
        if (finished != signal.Task)
        {
            throw new TimeoutException($"No matching stderr line within {timeout}; stderr so far:\n{StderrSoFar}");
        }
    }

    public void Kill() => _process.Kill(entireProcessTree: true);

    public async Task<CliResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            await Task.WhenAll(_stdoutPump, _stderrPump);
            throw new TimeoutException($"stepwise did not exit within {timeout}.\n{Snapshot(-1)}");
        }

        await Task.WhenAll(_stdoutPump, _stderrPump);
        return Snapshot(_process.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private CliResult Snapshot(int exitCode)
    {
        lock (_gate)
        {
            return new CliResult(exitCode, _stdout.ToString(), _stderr.ToString());
        }
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder sink, bool notify)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (_gate)
            {
                sink.Append(line).Append('\n');
                if (notify)
                {
                    for (var i = _waiters.Count - 1; i >= 0; i--)
                    {
                        if (_waiters[i].Match(line))
                        {
                            _waiters[i].Signal.TrySetResult();
                            _waiters.RemoveAt(i);
                        }
                    }
                }
            }
        }
    }
}
