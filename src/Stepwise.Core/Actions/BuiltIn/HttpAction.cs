using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Resilience;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// <c>http</c>: one request per attempt, through the host's circuit breaker and (with <c>rate_limit</c>) its rate
/// limiter. Every request carries <c>Idempotency-Key: execution id:step id</c>, so a step run again after a crash is
/// recognisable downstream.
/// </summary>
internal sealed class HttpAction(IHttpClientFactory clients, HttpResilience resilience, HttpActionOptions options)
    : IAction, IExternalAction
{
    public const string ClientName = "stepwise";

    private static readonly DataType OutputType = DataType.ObjectOf(new Dictionary<string, DataType>(StringComparer.Ordinal)
    {
        ["status"] = DataType.Int,
        ["headers"] = DataType.AnyObject,
        ["body"] = DataType.Any,
    });

    public string Name => "http";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("method", DataType.String, Description: "GET (default), POST, PUT, PATCH, DELETE, HEAD or OPTIONS."),
        new("url", DataType.String, Required: true, Description: "An absolute http or https URL."),
        new("headers", DataType.AnyObject, Description: "Request headers."),
        new("query", DataType.AnyObject, Description: "Query parameters appended to the URL."),
        new("body", DataType.Any, Description: "A string is sent as text; anything else as JSON."),
        new("timeout", DataType.String, Description: "Request timeout, e.g. 10s."),
        new("expect_status", DataType.ArrayOf(DataType.Int), Description: "Accepted statuses (default any 2xx)."),
        new("rate_limit", DataType.String, Description: "Requests per period to this host, e.g. 30/m."),
        new("circuit_breaker", DataType.AnyObject, Description: "This node's own breaker settings for the host: " + CircuitBreakerSettings.Shape + "; each replaces the server's."),
        new("auth", DataType.AnyObject, Description: "{ oauth: <connection name> }: a bearer token of the organization's OAuth connection, refreshed when expired and once on a 401."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => OutputType;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        if (!HttpRequestInputs.TryRead(context.Inputs, options.DefaultTimeout, out var request, out var error))
        {
            return InputReader.Invalid(error);
        }

        var host = request.Url.Authority;
        var target = $"{request.Method} {request.Url}";
        var breaker = resilience.BreakerFor(host, request.Breaker);
        if (!breaker.TryAcquire())
        {
            return ActionResult.Failure($"{CircuitBreaker.OpenMessage} for {host}", "CIRCUIT_OPEN");
        }

        var outcomeReported = false;
        try
        {
            if (request.RateLimit is { } rate)
            {
                using var lease = await resilience.LimiterFor(host, rate)
                    .AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                if (!lease.IsAcquired)
                {
                    breaker.RecordSuccess();
                    outcomeReported = true;
                    return ActionResult.Failure($"rate limit {rate} for {host} gave no permit", "RATE_LIMITED");
                }
            }

            var result = await SendAsync(context, request, target, cancellationToken).ConfigureAwait(false);
            if (result.HostFailed)
            {
                breaker.RecordFailure();
            }
            else
            {
                breaker.RecordSuccess();
            }

            outcomeReported = true;
            return result.Result;
        }
        finally
        {
            // Cancelled by the run (not the host's fault): free a half-open trial slot without judging the host.
            if (!outcomeReported)
            {
                breaker.RecordSuccess();
            }
        }
    }

    private async Task<(ActionResult Result, bool HostFailed)> SendAsync(
        ActionContext context, HttpRequestInputs request, string target, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(request.Timeout, context.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var client = clients.CreateClient(ClientName);
        client.Timeout = Timeout.InfiniteTimeSpan;
        try
        {
            var bearer = await BearerAsync(context, request, null, linked.Token).ConfigureAwait(false);
            if (bearer.Failure is { } noToken)
            {
                return (noToken, false);
            }

            var (response, body) = await ExchangeAsync(client, context, request, bearer.Token, linked.Token).ConfigureAwait(false);

            // A token can be revoked before it expires: replace it once and try again, as the provider expects.
            if (response.StatusCode == System.Net.HttpStatusCode.Unauthorized && bearer.Token is not null && body.Error is null)
            {
                response.Dispose();
                bearer = await BearerAsync(context, request, bearer.Token, linked.Token).ConfigureAwait(false);
                if (bearer.Failure is { } noFreshToken)
                {
                    return (noFreshToken, false);
                }

                (response, body) = await ExchangeAsync(client, context, request, bearer.Token, linked.Token).ConfigureAwait(false);
            }

            using (response)
            {
                return Outcome(response, body, request, target);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (ActionResult.Failure(
                $"{target} timed out after {Definitions.Duration.Format(request.Timeout)}", "HTTP_TIMEOUT"), true);
        }
        catch (HttpRequestException exception) when (Egress.EgressRefused.Find(exception) is { } refused)
        {
            // The policy's refusal is the workflow's problem, not the host's: no retry, no breaker.
            return (ActionResult.Failure($"{target} refused: {refused.Message}", "EGRESS_REFUSED", retryable: false), false);
        }
        catch (HttpRequestException exception)
        {
            return (ActionResult.Failure($"{target} failed: {exception.Message}", "HTTP_ERROR"), true);
        }
    }

    private async Task<(HttpResponseMessage Response, (JsonNode? Value, string? Error) Body)> ExchangeAsync(
        HttpClient client, ActionContext context, HttpRequestInputs request, string? token, CancellationToken cancellationToken)
    {
        using var message = BuildMessage(context, request);
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await client
            .SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        try
        {
            var body = await HttpResponseReader.ReadAsync(response, options.MaxResponseBytes, cancellationToken).ConfigureAwait(false);
            return (response, (body.Value, body.Error));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private static (ActionResult Result, bool HostFailed) Outcome(
        HttpResponseMessage response, (JsonNode? Value, string? Error) body, HttpRequestInputs request, string target)
    {
        if (body.Error is not null)
        {
            return (ActionResult.Failure($"{target}: {body.Error}", "HTTP_RESPONSE_TOO_LARGE", retryable: false), false);
        }

        var status = (int)response.StatusCode;
        var output = new JsonObject
        {
            ["status"] = status,
            ["headers"] = HttpResponseReader.Headers(response),
            ["body"] = body.Value,
        };
        var hostFailed = status >= 500;
        if (IsExpected(status, request.ExpectStatus))
        {
            return (ActionResult.Success(output), hostFailed);
        }

        var expected = request.ExpectStatus is { } list
            ? "expected " + string.Join(" or ", list.Select(s => s.ToString(CultureInfo.InvariantCulture)))
            : "expected 2xx";
        var retryable = status >= 500 || status is 408 or 429;
        return (ActionResult.Failure(
            $"{target} returned {status}, {expected}{Snippet(body.Value)}", $"HTTP_{status}", retryable), hostFailed);
    }

    /// <summary>The bearer token of <c>auth: { oauth: name }</c> (null without auth), or the failure of the step.</summary>
    private static async ValueTask<(string? Token, ActionResult? Failure)> BearerAsync(
        ActionContext context, HttpRequestInputs request, string? rejected, CancellationToken cancellationToken)
    {
        if (request.OAuthConnection is not { } connection)
        {
            return (null, null);
        }

        if (context.Services.GetService(typeof(IOAuthTokenSource)) is not IOAuthTokenSource tokens)
        {
            return (null, ActionResult.Failure(
                $"input 'auth': OAuth connections are kept by the server; run this workflow with 'stepwise serve' to use '{connection}'",
                "OAUTH_UNAVAILABLE",
                retryable: false));
        }

        var result = await tokens.GetTokenAsync(context.OrgId, connection, rejected, cancellationToken).ConfigureAwait(false);
        if (result.AccessToken is { } token)
        {
            // An API may echo the token back; the run records only its mask.
            context.Runtime.Conceal(token);
            return (token, null);
        }

        return (null, ActionResult.Failure(
            result.Error ?? $"OAuth connection '{connection}' gave no token", "OAUTH_ERROR", result.Retryable));
    }

    private static HttpRequestMessage BuildMessage(ActionContext context, HttpRequestInputs request)
    {
        var message = new HttpRequestMessage(request.Method, request.Url);
        string? contentType = null;
        var hasIdempotencyKey = false;
        foreach (var (name, value) in request.Headers ?? [])
        {
            var text = HttpRequestInputs.ToText(value);
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = text;
                continue;
            }

            hasIdempotencyKey |= name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase);
            message.Headers.TryAddWithoutValidation(name, text);
        }

        if (!hasIdempotencyKey)
        {
            message.Headers.TryAddWithoutValidation("Idempotency-Key", context.IdempotencyKey);
        }

        if (request.Body is not null)
        {
            var isText = request.Body is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String;
            var content = new StringContent(
                isText ? HttpRequestInputs.ToText(request.Body) : request.Body.ToJsonString(),
                Encoding.UTF8,
                isText ? "text/plain" : "application/json");
            if (contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            {
                content.Headers.ContentType = parsed;
            }

            message.Content = content;
        }

        return message;
    }

    private static bool IsExpected(int status, IReadOnlyList<int>? expected) =>
        expected is null ? status is >= 200 and < 300 : expected.Contains(status);

    private static string Snippet(JsonNode? body)
    {
        var text = HttpRequestInputs.ToText(body);
        return text.Length == 0 ? "" : ": " + (text.Length > 200 ? text[..200] + "..." : text);
    }
}
