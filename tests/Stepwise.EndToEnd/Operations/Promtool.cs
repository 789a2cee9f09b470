using System.Diagnostics;

namespace Stepwise.EndToEnd.Operations;

/// <summary>
/// <c>promtool check metrics</c> (Debian package <c>prometheus</c>) over an exposition, when promtool is installed;
/// CI installs it. Returns null when it is not, else its exit code and output.
/// </summary>
internal static class Promtool
{
    public static string? Path { get; } = Find();

    public static async Task<(int ExitCode, string Output)> CheckMetricsAsync(string exposition)
    {
        var start = new ProcessStartInfo(Path!, ["check", "metrics"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(exposition);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => System.IO.Path.Combine(folder, "promtool"))
            .FirstOrDefault(File.Exists);
}
