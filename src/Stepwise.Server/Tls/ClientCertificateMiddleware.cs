using Stepwise.Server.Errors;

namespace Stepwise.Server.Tls;

/// <summary>
/// Checks the certificate the client presented in the TLS handshake, before routing and authentication: the
/// handshake accepts any certificate so that a refusal can answer with the error envelope (401 without a certificate
/// where one is required, 403 with an unacceptable one) rather than a bare TLS alert.
/// </summary>
internal sealed class ClientCertificateMiddleware(
    RequestDelegate next, TlsOptions options, ClientCertificateValidator validator, ILogger<ClientCertificateMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var certificate = context.Connection.ClientCertificate
            ?? await context.Connection.GetClientCertificateAsync(context.RequestAborted);
        var remote = context.Connection.RemoteIpAddress?.ToString();
        if (certificate is null)
        {
            if (options.ClientCertificates == ClientCertificatePolicy.Require)
            {
                Log.ClientRejected(logger, "no client certificate", null, null, remote);
                await ErrorWriter.WriteAsync(
                    context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized,
                    "Client certificate required: this server accepts only clients with a certificate issued by its client CA");
                return;
            }

            await next(context);
            return;
        }

        if (validator.Problem(certificate) is { } problem)
        {
            Log.ClientRejected(logger, problem, certificate.Subject, certificate.Thumbprint, remote);
            await ErrorWriter.WriteAsync(
                context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, $"Client certificate rejected: {problem}");
            return;
        }

        await next(context);
    }
}
