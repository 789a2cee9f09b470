using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Stepwise.Server.Tests.Support;

/// <summary>
/// HTTP/1.1 over a bare TcpClient: sends bytes no HTTP client would (a malformed request line, a bad version) and
/// reads back the responses as they came, status line, headers and body.
/// </summary>
public sealed class RawHttp : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly Stream _stream;
    private readonly List<byte> _received = [];

    private RawHttp(TcpClient client, Stream stream)
    {
        _client = client;
        _stream = stream;
    }

    public static async Task<RawHttp> ConnectAsync(Uri address)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(address.Host, address.Port);
        return new RawHttp(client, client.GetStream());
    }

    /// <summary>HTTP/1.1 inside TLS (ALPN http/1.1), the server's certificate judged by <paramref name="validate"/>.</summary>
    public static async Task<RawHttp> ConnectTlsAsync(Uri address, RemoteCertificateValidationCallback validate)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(address.Host, address.Port);
        var tls = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, validate);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        });
        return new RawHttp(client, tls);
    }

    public async Task SendAsync(string text) => await SendAsync(Encoding.Latin1.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    /// <summary>Ends the request side (TCP half-close); the server can still answer.</summary>
    public void EndSending() => _client.Client.Shutdown(SocketShutdown.Send);

    /// <summary>The next response, or null when the server closed the connection before sending one.</summary>
    /// <param name="head">The answer to a HEAD request: its Content-Length has no body after it.</param>
    public async Task<RawResponse?> ReadResponseAsync(TimeSpan? timeout = null, bool head = false)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            if (TryTake(head, out var response))
            {
                return response;
            }

            var buffer = new byte[16 * 1024];
            int read;
            try
            {
                read = await _stream.ReadAsync(buffer, cancel.Token);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                Assert.True(_received.Count == 0, $"the connection closed inside a response: {Encoding.Latin1.GetString([.. _received])}");
                return null;
            }

            _received.AddRange(buffer.AsSpan(0, read));
        }
    }

    /// <summary>True when the server closed the connection (read returns end of stream) with nothing more sent.</summary>
    public async Task<bool> IsClosedAsync()
    {
        var response = await ReadResponseAsync(TimeSpan.FromSeconds(10));
        Assert.Null(response);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _client.Dispose();
    }

    private bool TryTake(bool head, out RawResponse? response)
    {
        response = null;
        var bytes = _received.ToArray();
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            return false;
        }

        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var chunked = headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        var length = !head && headers.TryGetValue("Content-Length", out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;
        byte[] body;
        int total;
        if (chunked && !head)
        {
            if (!TryDechunk(bytes, end + 4, out body, out total))
            {
                return false;
            }
        }
        else
        {
            total = end + 4 + length;
            if (bytes.Length < total)
            {
                return false;
            }

            body = bytes[(end + 4)..total];
        }

        var statusLine = lines[0];
        response = new RawResponse(
            statusLine,
            int.Parse(statusLine.Split(' ')[1], CultureInfo.InvariantCulture),
            headers,
            Encoding.UTF8.GetString(body));
        _received.RemoveRange(0, total);
        return true;
    }

    /// <summary>A chunked body (no trailers) starting at <paramref name="start"/>, when all of it has arrived.</summary>
    private static bool TryDechunk(byte[] bytes, int start, out byte[] body, out int end)
    {
        var content = new List<byte>();
        var position = start;
        body = [];
        end = 0;
        while (true)
        {
            var lineEnd = bytes.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                return false;
            }

            var size = int.Parse(Encoding.Latin1.GetString(bytes, position, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            position += lineEnd + 2;
            if (bytes.Length < position + size + 2)
            {
                return false;
            }

            content.AddRange(bytes.AsSpan(position, size));
            position += size + 2;
            if (size == 0)
            {
                body = [.. content];
                end = position;
                return true;
            }
        }
    }
}

/// <summary>One response as it came over the wire.</summary>
public sealed record RawResponse(string StatusLine, int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public override string ToString() =>
        $"{StatusLine} | {string.Join(" | ", Headers.Select(h => $"{h.Key}: {h.Value}"))} | body: {Body}";
}
