using System.Collections.Concurrent;

namespace Stepwise.EndToEnd.Support;

/// <summary>
/// The outside world of the scale-out test: a <see cref="LocalHttpServer"/> that workflows' <c>http</c> steps call.
/// It counts each side effect by the request's <c>Idempotency-Key</c> (<c>execution id:step id</c>): <c>/ok</c>
/// always succeeds, <c>/flaky</c> answers the first attempt of each key 429 (retryable) and succeeds after,
/// <c>/broken</c> always answers 422 (not retryable). No answer is a 5xx, which would open the host's circuit breaker
/// for every run.
/// </summary>
public sealed class SideEffectSink : IDisposable
{
    private readonly LocalHttpServer server;
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> effects = new(StringComparer.Ordinal);
    private readonly TimeProvider time = TimeProvider.System;
    private int missingKeys;

    public SideEffectSink() => server = new LocalHttpServer(Answer);

    public int Port => server.Port;

    public string Url(string path) => server.Url(path);

    /// <summary>
    /// When each successful side effect happened, per idempotency key: more than one is a step that took effect
    /// again (a receiver that honours the key would apply it once).
    /// </summary>
    public IReadOnlyDictionary<string, ConcurrentQueue<DateTimeOffset>> Effects => effects;

    /// <summary>Requests that came without an idempotency key (there should be none).</summary>
    public int MissingKeys => Volatile.Read(ref missingKeys);

    public void Dispose() => server.Dispose();

    private Reply Answer(ReceivedRequest request)
    {
        var key = request.Headers["Idempotency-Key"];
        if (key is null)
        {
            Interlocked.Increment(ref missingKeys);
            return (400, """{"ok":false}""");
        }

        var attempt = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
        var status = request.Path switch
        {
            "/ok" => 200,
            "/flaky" => attempt == 1 ? 429 : 200,
            _ => 422,
        };
        if (status == 200)
        {
            effects.GetOrAdd(key, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(time.GetUtcNow());
        }

        return (status, status == 200 ? """{"ok":true}""" : """{"ok":false}""");
    }
}
