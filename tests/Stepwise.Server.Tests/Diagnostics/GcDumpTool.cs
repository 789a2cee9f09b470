using System.Diagnostics;

namespace Stepwise.Server.Tests.Diagnostics;

/// <summary>
/// The standard heap tool, dotnet-gcdump (pinned in .config/dotnet-tools.json), run as a user would: restored, then
/// <c>convert</c> and <c>report</c>.
/// </summary>
internal static class GcDumpTool
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var restore = await DotnetAsync(["tool", "restore"]);
        Assert.True(restore.ExitCode == 0, "dotnet tool restore failed:\n" + restore.Output);
        return await DotnetAsync(["tool", "run", "dotnet-gcdump", "--", .. args]);
    }

    private static async Task<(int ExitCode, string Output)> DotnetAsync(IEnumerable<string> args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
