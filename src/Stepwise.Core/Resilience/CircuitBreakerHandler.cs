namespace Stepwise.Core.Resilience;

/// <summary>
/// The HTTP client of code workflows (<c>ctx.Http</c>) through the same per-host circuit breakers as the <c>http</c>
/// action: a request to a host whose breaker is open fails at once with <see cref="HttpRequestException"/>
/// (<c>circuit breaker is open for host:port</c>); a connection failure, a timeout or a 5xx answer counts against
/// the host, anything else for it. A request the caller cancelled does not judge the host.
/// </summary>
internal sealed class CircuitBreakerHandler(HttpResilience resilience) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var breaker = resilience.BreakerFor(uri.Authority);
        if (!breaker.TryAcquire())
        {
            throw new HttpRequestException($"{CircuitBreaker.OpenMessage} for {uri.Authority}");
        }

        var judged = false;
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if ((int)response.StatusCode >= 500)
            {
                breaker.RecordFailure();
            }
            else
            {
                breaker.RecordSuccess();
            }

            judged = true;
            return response;
        }
        catch (Exception exception) when (exception is HttpRequestException
            || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            breaker.RecordFailure();
            judged = true;
            throw;
        }
        finally
        {
            // Cancelled by the run, not the host's fault: free a half-open trial slot without judging the host.
            if (!judged)
            {
                breaker.RecordSuccess();
            }
        }
    }
}
