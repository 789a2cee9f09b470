using System.Collections.Concurrent;

namespace Stepwise.EndToEnd.Support;

/// <summary>
/// The outside world of the reliability suite: a <see cref="LocalHttpServer"/> whose <c>/gate/...</c> requests wait
/// until the test opens the gate, so a test knows a step is in flight (it arrived and waits) or done (it was answered)
/// when it kills or stops the server. Every other path answers at once. Each path's arrivals and answers are kept
/// with their times: an arrival is a side effect taking place.
/// </summary>
public sealed class GatedSink : IDisposable
{
    private static readonly TimeSpan LongestHold = TimeSpan.FromSeconds(90);

    private readonly LocalHttpServer _server;
    private readonly ManualResetEventSlim _open = new(false);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _arrivals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> _answers = new(StringComparer.Ordinal);

    public GatedSink() => _server = new LocalHttpServer(Answer);

    public string BaseUrl => _server.BaseUrl;

    /// <summary>Gate requests waiting for <see cref="Open"/>.</summary>
    public int Waiting => _arrivals.Where(pair => pair.Key.StartsWith("/gate/", StringComparison.Ordinal))
        .Sum(pair => pair.Value.Count - (_answers.TryGetValue(pair.Key, out var answered) ? answered.Count : 0));

    /// <summary>Lets every waiting and later gate request through.</summary>
    public void Open() => _open.Set();

    /// <summary>When <paramref name="phase"/> of run <paramref name="id"/> arrived, in order (one per side effect).</summary>
    public IReadOnlyList<DateTimeOffset> Arrivals(string phase, string id) =>
        _arrivals.TryGetValue($"/{phase}/{id}", out var times) ? [.. times.Order()] : [];

    /// <summary>When <paramref name="phase"/> of run <paramref name="id"/> was answered.</summary>
    public IReadOnlyList<DateTimeOffset> Answers(string phase, string id) =>
        _answers.TryGetValue($"/{phase}/{id}", out var times) ? [.. times.Order()] : [];

    public void Dispose()
    {
        _open.Set();
        _server.Dispose();
        _open.Dispose();
    }

    private Reply Answer(ReceivedRequest request)
    {
        _arrivals.GetOrAdd(request.Path, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
        if (request.Path.StartsWith("/gate/", StringComparison.Ordinal))
        {
            _open.Wait(LongestHold);
        }

        _answers.GetOrAdd(request.Path, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
        return (200, """{"ok":true}""");
    }
}
