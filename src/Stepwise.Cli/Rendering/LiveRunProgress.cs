using Spectre.Console;
using Spectre.Console.Rendering;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Rendering;

/// <summary>
/// Progress as a live table on the terminal: one row per step with its status, attempt and time, redrawn as the
/// run moves. Log lines of the run are kept under the table.
/// </summary>
internal sealed class LiveRunProgress(IAnsiConsole console) : IRunProgress
{
    private const int MaxLogLines = 8;
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(100);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, StepRecord> _steps = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Queue<string> _logs = new();

    public void Report(JournalEntry entry)
    {
        lock (_gate)
        {
            switch (entry)
            {
                case StepWritten { Step: var step }:
                    if (!_steps.ContainsKey(step.StepId))
                    {
                        _order.Add(step.StepId);
                    }

                    _steps[step.StepId] = step;
                    break;
                case LogWritten { Line: var line }:
                    _logs.Enqueue($"{line.StepId ?? "-"}: {line.Message}");
                    if (_logs.Count > MaxLogLines)
                    {
                        _logs.Dequeue();
                    }

                    break;
                default:
                    break;
            }
        }
    }

    public async Task<T> ShowWhileAsync<T>(Task<T> run)
    {
        await console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(RefreshInterval));
                context.UpdateTarget(Render());
            }
        });
        return await run;
    }

    private IRenderable Render()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("step", "status", "attempt", "time");
        lock (_gate)
        {
            foreach (var id in _order)
            {
                var step = _steps[id];
                var time = step.FinishedAt is { } finished ? StepText.Duration(finished - step.StartedAt) : string.Empty;
                table.AddRow(
                    new Text(id),
                    new Markup(StatusMarkup(step)),
                    new Text(step.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    new Text(time));
            }

            if (_logs.Count == 0)
            {
                return table;
            }

            var logs = new Rows(_logs.Select(line => new Text(line, new Style(Color.Grey))));
            return new Rows(table, logs);
        }
    }

    private static string StatusMarkup(StepRecord step)
    {
        var text = Markup.Escape(StepText.Status(step.Status));
        return step.Status switch
        {
            StepStatus.Succeeded => $"[green]{text}[/]",
            StepStatus.Failed => $"[red]{text}[/]: {Markup.Escape(step.Error ?? string.Empty)}",
            StepStatus.RetryScheduled => $"[yellow]{text}[/]: {Markup.Escape(step.Error ?? string.Empty)}",
            StepStatus.Running => $"[blue]{text}[/]",
            _ => $"[grey]{text}[/]",
        };
    }
}
