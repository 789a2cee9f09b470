using System.Diagnostics;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>workspace check --protect PATH...</c>: the commits between a base and HEAD (git, in the workspace's repository)
/// that touch protected paths (git pathspecs: files, folders, globs), and whether their authors may: each such commit's
/// author (email or name) must be in <c>--allow-author</c>, unless the CI's actor (<c>GITHUB_ACTOR</c>) is.
/// </summary>
internal static class ProtectedPaths
{
    /// <summary>A commit that touched protected paths, by an author who is not allowed to.</summary>
    public sealed record Violation(string Commit, string Author, IReadOnlyList<string> Files);

    /// <summary>The violations, or the error of git (not a repository, unknown base) when it could not tell.</summary>
    public static async Task<(IReadOnlyList<Violation>? Violations, string? Error)> CheckAsync(
        string folder, string baseRef, IReadOnlyList<string> paths, IReadOnlyCollection<string> allowed, string? actor,
        CancellationToken cancellationToken)
    {
        if (actor is { Length: > 0 } && allowed.Contains(actor, StringComparer.OrdinalIgnoreCase))
        {
            return ([], null);
        }

        // One line per commit ("\x1f" separated hash, email, name), then the protected files it touched.
        var (exitCode, stdout, stderr) = await GitAsync(
            folder,
            ["log", "--no-merges", "--format=%x1e%H%x1f%ae%x1f%an", "--name-only", $"{baseRef}..HEAD", "--", .. paths],
            cancellationToken);
        if (exitCode != 0)
        {
            return (null, $"git could not list the changes since '{baseRef}': {stderr.Trim()}");
        }

        var violations = new List<Violation>();
        foreach (var entry in stdout.Split('\x1e', StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = entry.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var header = lines[0].Split('\x1f');
            if (header.Length < 3 || lines.Length < 2)
            {
                continue;
            }

            var (commit, email, name) = (header[0], header[1], header[2]);
            if (!allowed.Contains(email, StringComparer.OrdinalIgnoreCase) && !allowed.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                violations.Add(new Violation(commit, $"{name} <{email}>", lines[1..]));
            }
        }

        return (violations, null);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> GitAsync(
        string folder, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var git = Process.Start(start)!;
            var stdout = git.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = git.StandardError.ReadToEndAsync(cancellationToken);
            await git.WaitForExitAsync(cancellationToken);
            return (git.ExitCode, await stdout, await stderr);
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            return (-1, "", $"git is not installed or not on PATH ({exception.Message})");
        }
    }
}
