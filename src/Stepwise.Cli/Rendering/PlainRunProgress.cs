using Stepwise.Core.Storage;

namespace Stepwise.Cli.Rendering;

/// <summary>Progress as plain lines on stderr, for logs and pipes (stderr is not a terminal).</summary>
internal sealed class PlainRunProgress(TextWriter writer) : IRunProgress
{
    private readonly Lock _gate = new();

    public void Report(JournalEntry entry)
    {
        var line = entry switch
        {
            StepWritten written => "step " + StepText.Describe(written.Step),
            LogWritten log => $"log {log.Line.StepId ?? "-"}: {log.Line.Message}",
            _ => null,
        };
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            writer.WriteLine(line);
        }
    }

    public Task<T> ShowWhileAsync<T>(Task<T> run) => run;
}
