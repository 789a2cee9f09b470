using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.AspNetCore.Http.Features;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Http.Rejections;

/// <summary>
/// Gives the envelope to the requests Kestrel rejects itself, before any middleware runs: a request line, header or
/// Content-Length it cannot parse, an HTTP version other than 1.0 and 1.1, a missing Host, a request line or headers
/// past its limits. Kestrel answers those with a bare status (empty body, no request id) and offers no way to change
/// the answer (aspnet/KestrelHttpServer#2947: "this category of errors is not customisable").
/// </summary>
/// <remarks>
/// <para>
/// What Kestrel does offer, documented (learn.microsoft.com, "Diagnostics in Kestrel", DiagnosticSource): the
/// <c>Microsoft.AspNetCore.Server.Kestrel.BadRequest</c> event, raised with the rejected request's features (the
/// exception in <see cref="IBadRequestExceptionFeature"/>) after it set the rejection status and before it writes
/// anything. So the rejection is recognised by Kestrel's own word, never by reading bytes: no HTTP is parsed here,
/// and a response of ours is never touched (the event is ignored once a response has started).
/// </para>
/// <para>
/// The answer itself is replaced by a connection middleware innermost on every endpoint (inside TLS), which wraps the
/// connection's output in a <see cref="RejectionPipeWriter"/> and is found by connection id when the event comes:
/// Kestrel writes its rejection as the last thing on the connection, so the writer drops it and sends the envelope
/// response in its place. A good request costs a field read per write and a forwarded call, no allocation; a
/// connection costs the writer and a registry entry. HTTP/2 connections (ALPN h2) are left alone: Kestrel resets a
/// bad HTTP/2 stream rather than answering it.
/// </para>
/// </remarks>
internal sealed class KestrelRejections : IObserver<KeyValuePair<string, object?>>, IDisposable
{
    public const string BadRequestEvent = "Microsoft.AspNetCore.Server.Kestrel.BadRequest";

    private readonly ConcurrentDictionary<string, RejectionPipeWriter> _connections = new(StringComparer.Ordinal);
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;

    public KestrelRejections(DiagnosticListener diagnostics, ILoggerFactory loggers, TimeProvider time)
    {
        _logger = loggers.CreateLogger("Stepwise.Server.Http");
        _time = time;
        _subscription = diagnostics.Subscribe(this, static name => name == BadRequestEvent);
    }

    /// <summary>The connection middleware: replaces the output of an HTTP/1 connection for as long as it lives.</summary>
    public ConnectionDelegate Wrap(ConnectionDelegate next) => async connection =>
    {
        if (connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual("h2"u8) == true)
        {
            await next(connection).ConfigureAwait(false);
            return;
        }

        var transport = connection.Transport;
        var output = new RejectionPipeWriter(transport.Output);
        connection.Transport = new TransportPipe(transport.Input, output);
        _connections[connection.ConnectionId] = output;
        try
        {
            await next(connection).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection.ConnectionId, out _);
        }
    };

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != BadRequestEvent || value.Value is not IFeatureCollection features
            || features.Get<IBadRequestExceptionFeature>()?.Error is not { } error
            || features.Get<IHttpResponseFeature>() is not { HasStarted: false } response
            || features.Get<IHttpConnectionFeature>()?.ConnectionId is not { } connectionId
            || !_connections.TryGetValue(connectionId, out var output))
        {
            return;
        }

        var request = features.Get<IHttpRequestFeature>();
        if (request?.Protocol is "HTTP/2" or "HTTP/3")
        {
            return;
        }

        // The headers read before the rejection, if any: a caller's acceptable X-Request-ID is kept as elsewhere.
        var requestId = RequestIds.Choose(request?.Headers[RequestIds.HeaderName].ToString(), _time);
        var status = response.StatusCode;
        var code = ErrorCodes.ForStatus(status);
        var allow = response.Headers.Allow.ToString();
        var message = allow.Length > 0
            ? $"{Describe(error, status)} for this request target; allowed: {allow}"
            : Describe(error, status);

        // Kestrel's logging scope of the connection adds its id to the line.
        Log.HttpRejected(_logger, status, code, message, requestId);
        output.Replace(RejectionResponse.Create(
            status, code, message, requestId, allow.Length > 0 ? allow : null,
            headOnly: request?.Method == HttpMethods.Head, _time.GetUtcNow()));
    }

    public void OnError(Exception error)
    {
    }

    public void OnCompleted()
    {
    }

    public void Dispose() => _subscription.Dispose();

    /// <summary>
    /// Kestrel's message names the problem ("Invalid request line", "Malformed request: invalid headers."), and after
    /// a colon may quote what the client sent (the request line or a header, escaped, only while Kestrel's own info
    /// logging is on). The quote is dropped: the answer does not depend on the log level, and the line logged for the
    /// rejection never carries request bytes, which can hold a credential. Messages end without a full stop.
    /// </summary>
    private static string Describe(Exception error, int status)
    {
        var message = error.Message;
        var quote = message.IndexOf(": '", StringComparison.Ordinal);
        message = (quote >= 0 ? message[..quote] : message).Trim().TrimEnd('.');
        if (message.Length == 0)
        {
            return $"The request was rejected with status {status}";
        }

        return status == StatusCodes.Status505HttpVersionNotsupported
            ? $"{message}: this server speaks HTTP/1.0 and HTTP/1.1 (and HTTP/2 over TLS)"
            : message;
    }
}
