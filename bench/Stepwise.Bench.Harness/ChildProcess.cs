using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Stepwise.Bench.Harness;

/// <summary>
/// A process the harness starts on 127.0.0.1 (the Stepwise server or the baseline app), its output going to a log
/// file; stopped with SIGTERM, then killed if it does not exit.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string baseUrl, string logPath)
    {
        _process = process;
        BaseUrl = baseUrl;
        LogPath = logPath;
    }

    public string BaseUrl { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public static async Task<ChildProcess> StartDotnetAsync(
        string dll, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec \"$@\" >>\"$BENCH_LOG\" 2>&1");
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["BENCH_LOG"] = logPath;
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet " + dll);
        var child = new ChildProcess(process, baseUrl, logPath);
        await child.WaitLiveAsync().ConfigureAwait(false);
        return child;
    }

    /// <summary>Resident set size from /proc, in MB.</summary>
    public double RssMb()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }

        throw new InvalidOperationException("no VmRSS for process " + _process.Id);
    }

    /// <summary>
    /// CPU time the process has used (user + system, from /proc/pid/stat in clock ticks of 10 ms): divided by the
    /// requests of a run it gives the CPU cost per request, which other processes' load barely moves.
    /// </summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return ticks / 100.0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            _process.Dispose();
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitLiveAsync()
    {
        // A deadline, not a count of attempts: on a loaded machine a start (migrations, a million rows to open) takes
        // longer than 300 quick refusals.
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = TimeProvider.System.GetTimestamp() + (long)(TimeProvider.System.TimestampFrequency * 180);
        while (TimeProvider.System.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                break;
            }

            try
            {
                using var response = await client.GetAsync(new Uri(BaseUrl + "/health/live")).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening, but too busy starting (or the machine too loaded) to answer within 2 s: ask again.
            }

            await Task.Delay(100).ConfigureAwait(false);
        }

        throw new InvalidOperationException(
            $"{BaseUrl} did not come up; its log {LogPath}:\n" + (File.Exists(LogPath) ? File.ReadAllText(LogPath) : ""));
    }
}
