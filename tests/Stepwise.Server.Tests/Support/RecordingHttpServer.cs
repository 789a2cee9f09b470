using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Text;

namespace Stepwise.Server.Tests.Support;

/// <summary>
/// A real HTTP server on 127.0.0.1 that records every request (method, path, headers, body) and answers with what
/// the test's handler returns: a stand-in for an OAuth provider or an API that checks a header.
/// </summary>
public sealed class RecordingHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Func<RecordedRequest, (int Status, string Body)> handler;
    private readonly Task loop;

    public RecordingHttpServer(Func<RecordedRequest, (int Status, string Body)> handler)
    {
        this.handler = handler;
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

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public IReadOnlyList<RecordedRequest> To(string path) =>
        [.. Requests.Where(r => r.Path == "/" + path.TrimStart('/'))];

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

            string body;
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                body = await reader.ReadToEndAsync();
            }

            var request = new RecordedRequest(
                context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.Url.Query,
                new NameValueCollection(context.Request.Headers), body);
            Requests.Enqueue(request);
            var (status, answer) = handler(request);
            var bytes = Encoding.UTF8.GetBytes(answer);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

/// <summary>One request a <see cref="RecordingHttpServer"/> received.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, NameValueCollection Headers, string Body)
{
    /// <summary>The body read as an application/x-www-form-urlencoded form.</summary>
    public IReadOnlyDictionary<string, string> Form =>
        Body.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(
                parts => Uri.UnescapeDataString(parts[0].Replace('+', ' ')),
                parts => parts.Length > 1 ? Uri.UnescapeDataString(parts[1].Replace('+', ' ')) : string.Empty,
                StringComparer.Ordinal);
}
