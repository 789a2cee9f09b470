using System.Diagnostics;
using System.Globalization;
using CsCheck;
using Xunit.Abstractions;

namespace Stepwise.Testing.Fuzzing;

/// <summary>
/// Runs one fuzz target: a CsCheck generator sampled through a check, with a count a normal test run keeps small
/// and <c>STEPWISE_FUZZ_ITERATIONS</c> raises (bench/fuzz.sh runs the full count). Every input is watched: one that
/// takes longer than <see cref="HangLimit"/> fails the test naming that input instead of stalling the run for ever.
/// Each target's result line goes to the test output and, when <c>STEPWISE_FUZZ_REPORT</c> names a file, to it.
/// A finding (an exception from the check) fails with CsCheck's seed and shrunk input, to be kept as a regression test.
/// </summary>
public static class Fuzz
{
    public const string IterationsVariable = "STEPWISE_FUZZ_ITERATIONS";

    /// <summary>A file each target appends its result line to (bench/fuzz.sh sets it).</summary>
    public const string ReportVariable = "STEPWISE_FUZZ_REPORT";

    /// <summary>Far beyond any input's honest time on a loaded 2-core machine: past it the input hangs.</summary>
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(30);

    /// <summary>Inputs per target: <see cref="IterationsVariable"/> when set, else <paramref name="normal"/>.</summary>
    public static long Iterations(long normal) =>
        long.TryParse(Environment.GetEnvironmentVariable(IterationsVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var set) && set > 0
            ? set
            : normal;

    /// <summary>Samples <paramref name="gen"/> through <paramref name="check"/>; returns the number of inputs checked.</summary>
    public static async Task<long> RunAsync<T>(
        ITestOutputHelper output, string target, Gen<T> gen, Action<T> check, long normal, Func<T, string>? print = null)
    {
        var iterations = Iterations(normal);
        var watch = new InputWatch<T>();
        var clock = Stopwatch.StartNew();
        var sampling = Task.Factory.StartNew(
            () => gen.Sample(
                input =>
                {
                    watch.Begin(input);
                    try
                    {
                        check(input);
                        watch.Passed();
                    }
                    finally
                    {
                        watch.End();
                    }
                },
                iter: iterations,
                threads: 1,
                print: print),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        while (!sampling.IsCompleted)
        {
            await Task.WhenAny(sampling, Task.Delay(TimeSpan.FromSeconds(1)));
            if (watch.IsStuck(HangLimit, out var stuck))
            {
                var shown = print is null ? stuck?.ToString() : print(stuck!);
                throw new TimeoutException($"fuzz {target}: one input ran longer than {HangLimit.TotalSeconds:0} s (a hang): {Shorten(shown)}");
            }
        }

        await sampling;
        var line = string.Create(
            CultureInfo.InvariantCulture,
            $"fuzz {target}: {watch.Checked:N0} inputs in {clock.Elapsed.TotalSeconds:0.0} s, slowest {watch.Slowest.TotalMilliseconds:0} ms, no finding");
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable(ReportVariable) is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, line + Environment.NewLine);
        }

        if (watch.Checked < iterations)
        {
            throw new InvalidOperationException($"fuzz {target}: only {watch.Checked} of {iterations} inputs were checked");
        }

        return watch.Checked;
    }

    private static string Shorten(string? text) =>
        text is null ? "null" : text.Length <= 2_000 ? text : text[..2_000] + $"... ({text.Length} characters)";

    /// <summary>The input in hand and since when, read by the test's thread while the sampling thread works.</summary>
    private sealed class InputWatch<T>
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private T? _current;
        private TimeSpan? _since;
        private long _checked;
        private TimeSpan _slowest;

        public long Checked => Interlocked.Read(ref _checked);

        public TimeSpan Slowest
        {
            get
            {
                lock (_gate)
                {
                    return _slowest;
                }
            }
        }

        public void Begin(T input)
        {
            lock (_gate)
            {
                _current = input;
                _since = _clock.Elapsed;
            }
        }

        public void Passed() => Interlocked.Increment(ref _checked);

        public void End()
        {
            lock (_gate)
            {
                var took = _clock.Elapsed - _since!.Value;
                _slowest = took > _slowest ? took : _slowest;
                _current = default;
                _since = null;
            }
        }

        /// <summary>True, with the input in hand, when it has run longer than <paramref name="limit"/>.</summary>
        public bool IsStuck(TimeSpan limit, out T? input)
        {
            lock (_gate)
            {
                input = _current;
                return _since is { } since && _clock.Elapsed - since > limit;
            }
        }
    }
}
