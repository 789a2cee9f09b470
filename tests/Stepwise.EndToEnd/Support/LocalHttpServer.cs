using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Stepwise.EndToEnd.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 (System.Net.HttpListener) that workflows call: it counts requests per path and
/// answers with what the test's handler returns.
/// </summary>
public sealed class LocalHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<string, int, (int Status, string Body)> handler;
    private readonly ConcurrentDictionary<string, int> hits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, System.Collections.Specialized.NameValueCollection> lastHeaders =
        new(StringComparer.Ordinal);
    private readonly Task loop;

    public LocalHttpServer(Func<string, int, (int Status, string Body)> handler)
    {
        this.handler = handler;
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

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public int Hits(string path) => hits.TryGetValue("/" + path.TrimStart('/'), out var count) ? count : 0;

    /// <summary>A header of the last request to <paramref name="path"/>, or null.</summary>
    public string? LastHeader(string path, string name) =>
        lastHeaders.TryGetValue("/" + path.TrimStart('/'), out var headers) ? headers[name] : null;

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

            var path = context.Request.Url!.AbsolutePath;
            lastHeaders[path] = new System.Collections.Specialized.NameValueCollection(context.Request.Headers);
            var count = hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            var (status, body) = handler(path, count);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
