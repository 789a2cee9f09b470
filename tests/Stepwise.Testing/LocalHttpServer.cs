using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stepwise.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port (System.Net.HttpListener) standing in for the outside world:
/// the APIs workflows call, token servers, JWKS endpoints. It keeps every request it received and answers with what
/// the test's handler returns. Shared by every test project through Stepwise.Testing.
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<ReceivedRequest, Reply> answer;
    private readonly ConcurrentDictionary<string, int> hits = new(StringComparer.Ordinal);
    private readonly Task loop;
    private int received;

    /// <summary>Answers JSON from the path and how many times that path was asked (1 for the first).</summary>
    public LocalHttpServer(Func<string, int, (int Status, string Body)> answer)
        : this(request => answer(request.Path, request.PathHits))
    {
    }

    /// <summary>Answers each request with what <paramref name="answer"/> makes of it.</summary>
    public LocalHttpServer(Func<ReceivedRequest, Reply> answer)
    {
        this.answer = answer;
        for (var attempt = 0; ; attempt++)
        {
            Port = FreePort();
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

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public string Url(string path) => $"{BaseUrl}/{path.TrimStart('/')}";

    /// <summary>How many requests asked for <paramref name="path"/>.</summary>
    public int Hits(string path) => hits.TryGetValue(Normalize(path), out var count) ? count : 0;

    /// <summary>The requests to <paramref name="path"/>, in order.</summary>
    public IReadOnlyList<ReceivedRequest> To(string path) => [.. Requests.Where(r => r.Path == Normalize(path))];

    /// <summary>A header of the last request to <paramref name="path"/>, or null.</summary>
    public string? LastHeader(string path, string name) => To(path).LastOrDefault()?.Headers[name];

    /// <summary>A port nothing listens on at the moment of asking.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending request.
        }
    }

    private static string Normalize(string path) => "/" + path.TrimStart('/');

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

            // Each request on its own: a slow or concurrent caller (a load test) must not queue behind another.
            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var url = context.Request.Url!;
            var request = new ReceivedRequest(
                context.Request.HttpMethod,
                url.AbsolutePath,
                url.Query,
                new NameValueCollection(context.Request.Headers),
                body,
                Interlocked.Increment(ref received),
                hits.AddOrUpdate(url.AbsolutePath, 1, (_, n) => n + 1));
            Requests.Enqueue(request);
            var reply = answer(request);
            var bytes = Encoding.UTF8.GetBytes(reply.Body);
            context.Response.StatusCode = reply.Status;
            if (reply.ContentType is not null)
            {
                context.Response.ContentType = reply.ContentType;
            }

            if (reply.Location is not null)
            {
                context.Response.Headers["Location"] = reply.Location;
            }

            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // The caller went away (a process killed mid-request), or the server is closing.
        }
    }
}
