using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Stepwise.EndToEnd.Support;

/// <summary>
/// The outside world of the scale-out test: an HTTP server on 127.0.0.1 that workflows' <c>http</c> steps call. It
/// counts each side effect by the request's <c>Idempotency-Key</c> (<c>execution id:step id</c>): <c>/ok</c> always
/// succeeds, <c>/flaky</c> answers the first attempt of each key 429 (retryable) and succeeds after, <c>/broken</c>
/// always answers 422 (not retryable). No answer is a 5xx, which would open the host's circuit breaker for every
/// run. Requests are served concurrently.
/// </summary>
public sealed class SideEffectSink : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly ConcurrentDictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentQueue<DateTimeOffset>> effects = new(StringComparer.Ordinal);
    private readonly Task loop;
    private int missingKeys;

    public SideEffectSink()
    {
        for (var attempt = 0; ; attempt++)
        {
            Port = LocalHttpServer.FreePort();
            listener.Prefixes.Clear();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // Another process took the port between probing and binding; try another.
            }
        }

        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    /// <summary>
    /// When each successful side effect happened, per idempotency key: more than one is a step that took effect
    /// again (a receiver that honours the key would apply it once).
    /// </summary>
    public IReadOnlyDictionary<string, ConcurrentQueue<DateTimeOffset>> Effects => effects;

    /// <summary>Requests that came without an idempotency key (there should be none).</summary>
    public int MissingKeys => Volatile.Read(ref missingKeys);

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Closed under a pending request.
        }
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        try
        {
            var key = context.Request.Headers["Idempotency-Key"];
            var path = context.Request.Url!.AbsolutePath;
            int status;
            if (key is null)
            {
                Interlocked.Increment(ref missingKeys);
                status = 400;
            }
            else
            {
                var attempt = attempts.AddOrUpdate(key, 1, (_, n) => n + 1);
                status = path switch
                {
                    "/ok" => 200,
                    "/flaky" => attempt == 1 ? 429 : 200,
                    _ => 422,
                };
                if (status == 200)
                {
                    effects.GetOrAdd(key, _ => new ConcurrentQueue<DateTimeOffset>()).Enqueue(DateTimeOffset.UtcNow);
                }
            }

            var bytes = Encoding.UTF8.GetBytes(status == 200 ? "{\"ok\":true}" : "{\"ok\":false}");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The caller went away (a node killed mid-request).
        }
    }
}
