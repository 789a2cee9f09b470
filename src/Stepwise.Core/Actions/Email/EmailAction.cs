using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.Email;

/// <summary>
/// <c>email</c>: sends one message over SMTP with MailKit: STARTTLS (default), implicit TLS or none, with a login
/// whose password comes from secrets. Subject and bodies are templates like any input (<c>${{ }}</c>); attachments
/// come from expressions as text or base64. The Message-Id derives from the execution and step, so a message sent
/// again after a crash is recognisably the same one.
/// </summary>
internal sealed class EmailAction(Egress.EgressPolicy egress) : IAction, IExternalAction
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly DataType OutputType = DataType.ObjectOf(new Dictionary<string, DataType>(StringComparer.Ordinal)
    {
        ["message_id"] = DataType.String,
        ["recipients"] = DataType.ArrayOf(DataType.String),
        ["response"] = DataType.String,
    });

    public string Name => "email";

    public IReadOnlyList<ActionInput> Inputs { get; } =
    [
        new("host", DataType.String, Required: true, Description: "The SMTP server."),
        new("port", DataType.Int, Description: "Its port (default 587 with starttls, 465 with tls, 25 with none)."),
        new("tls", DataType.String, Description: "starttls (default: required), tls (implicit, port 465) or none."),
        new("username", DataType.String, Description: "The login, when the server wants one."),
        new("password", DataType.String, Description: "The password, from secrets (${{ secrets.smtp_password }})."),
        new("ca_certificate", DataType.String, Description: "A CA certificate (PEM) to trust besides the system's, for a private server."),
        new("from", DataType.String, Required: true, Description: "The sender, e.g. Shop <shop@example.com>."),
        new("to", DataType.Any, Required: true, Description: "A recipient or a list of them."),
        new("cc", DataType.Any, Description: "Copy recipients."),
        new("bcc", DataType.Any, Description: "Blind copy recipients."),
        new("reply_to", DataType.String, Description: "The Reply-To address."),
        new("subject", DataType.String, Required: true, Description: "The subject."),
        new("body", DataType.String, Description: "The plain-text body."),
        new("html", DataType.String, Description: "The HTML body."),
        new("attachments", DataType.AnyArray, Description: "[{filename, content | content_base64, content_type}]."),
        new("timeout", DataType.String, Description: "How long the conversation with the server may take (default 30s)."),
    ];

    public bool AcceptsAdditionalInputs => false;

    public DataType GetOutputType(ActionTypeContext context) => OutputType;

    public async ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default)
    {
        var inputs = context.Inputs;
        if (!InputReader.TryGetString(inputs, "host", required: true, out var host, out var error)
            || !InputReader.TryGetString(inputs, "tls", required: false, out var tls, out error)
            || !InputReader.TryGetString(inputs, "username", required: false, out var username, out error)
            || !InputReader.TryGetString(inputs, "password", required: false, out var password, out error)
            || !InputReader.TryGetString(inputs, "ca_certificate", required: false, out var caPem, out error)
            || !InputReader.TryGetString(inputs, "from", required: true, out var from, out error)
            || !InputReader.TryGetString(inputs, "reply_to", required: false, out var replyTo, out error)
            || !InputReader.TryGetString(inputs, "subject", required: true, out var subject, out error)
            || !InputReader.TryGetString(inputs, "body", required: false, out var text, out error)
            || !InputReader.TryGetString(inputs, "html", required: false, out var html, out error)
            || !InputReader.TryGetArray(inputs, "attachments", false, out var attachments, out error)
            || !InputReader.TryGetDuration(inputs, "timeout", required: false, out var timeout, out error))
        {
            return InputReader.Invalid(error);
        }

        tls ??= "starttls";
        var (options, defaultPort) = tls switch
        {
            "starttls" => (SecureSocketOptions.StartTls, 587L),
            "tls" => (SecureSocketOptions.SslOnConnect, 465L),
            "none" => (SecureSocketOptions.None, 25L),
            _ => (SecureSocketOptions.Auto, -1L),
        };
        if (defaultPort < 0)
        {
            return InputReader.Invalid($"input 'tls' must be starttls, tls or none, got '{tls}'");
        }

        if (!InputReader.TryGetInt(inputs, "port", defaultPort, out var port, out error))
        {
            return InputReader.Invalid(error);
        }

        if (port is < 1 or > 65535)
        {
            return InputReader.Invalid($"input 'port' must be between 1 and 65535, got {port}");
        }

        if (!string.IsNullOrEmpty(password))
        {
            context.Runtime.Conceal(password);
        }

        if (string.IsNullOrEmpty(text) && string.IsNullOrEmpty(html))
        {
            return InputReader.Invalid("give the message a body: input 'body' (text) or 'html'");
        }

        var message = new MimeMessage();
        foreach (var (name, list, required) in new[]
            {
                ("from", message.From, true), ("to", message.To, true), ("cc", message.Cc, false), ("bcc", message.Bcc, false),
                ("reply_to", message.ReplyTo, false),
            })
        {
            if (Addresses(inputs, name, list, required) is { } badAddress)
            {
                return InputReader.Invalid(badAddress);
            }
        }

        message.Subject = subject!;
        message.MessageId = $"{Sanitize(context.ExecutionId)}.{Sanitize(context.StepId)}@stepwise";
        message.Date = context.Time.GetUtcNow();
        var builder = new BodyBuilder { TextBody = text, HtmlBody = html };
        for (var index = 0; index < (attachments?.Count ?? 0); index++)
        {
            if (Attach(builder, attachments![index], index) is { } badAttachment)
            {
                return InputReader.Invalid(badAttachment);
            }
        }

        message.Body = builder.ToMessageBody();
        X509Certificate2? authority = null;
        if (caPem is not null)
        {
            try
            {
                authority = X509Certificate2.CreateFromPem(caPem);
            }
            catch (System.Security.Cryptography.CryptographicException exception)
            {
                return InputReader.Invalid($"input 'ca_certificate' is not a PEM certificate: {exception.Message}");
            }
        }

        using (authority)
        using (var client = new SmtpClient())
        {
            client.Timeout = (int)(timeout ?? DefaultTimeout).TotalMilliseconds;
            if (authority is not null)
            {
                client.ServerCertificateValidationCallback = (_, certificate, _, errors) => Trusted(certificate, errors, authority);
            }

            var where = $"{host}:{port}";
            try
            {
                // The SMTP host's addresses go through the egress policy before the connection is made.
                var stream = await Egress.EgressHttpHandler.ConnectAsync(
                    egress, new System.Net.DnsEndPoint(host!, (int)port), cancellationToken).ConfigureAwait(false);
                await client.ConnectAsync(stream, host!, (int)port, options, cancellationToken).ConfigureAwait(false);
                if (!string.IsNullOrEmpty(username))
                {
                    await client.AuthenticateAsync(username, password ?? string.Empty, cancellationToken).ConfigureAwait(false);
                }

                var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
                await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
                return ActionResult.Success(new JsonObject
                {
                    ["message_id"] = message.MessageId,
                    ["recipients"] = new JsonArray([.. message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
                        .Select(mailbox => (JsonNode)mailbox.Address)]),
                    ["response"] = response,
                });
            }
            catch (Egress.EgressRefusedException refused)
            {
                return ActionResult.Failure($"cannot connect to the SMTP server {where}: {refused.Message}", "EGRESS_REFUSED", retryable: false);
            }
            catch (AuthenticationException)
            {
                return ActionResult.Failure(
                    $"the SMTP server {where} refused the login of '{username}': check the username and the password secret",
                    "EMAIL_AUTH_FAILED",
                    retryable: false);
            }
            catch (SslHandshakeException exception)
            {
                return ActionResult.Failure(
                    $"TLS with the SMTP server {where} failed ({tls}): {FirstLine(exception.Message)}",
                    "EMAIL_TLS_FAILED",
                    retryable: false);
            }
            catch (NotSupportedException exception) when (tls == "starttls")
            {
                return ActionResult.Failure(
                    $"the SMTP server {where} does not offer STARTTLS: {exception.Message} (set tls: none only for a trusted local server)",
                    "EMAIL_TLS_FAILED",
                    retryable: false);
            }
            catch (SmtpCommandException exception)
            {
                return ActionResult.Failure(
                    $"the SMTP server {where} refused the message ({(int)exception.StatusCode} {exception.ErrorCode}): {exception.Message}",
                    "EMAIL_REJECTED",
                    retryable: (int)exception.StatusCode is >= 400 and < 500);
            }
            catch (Exception exception) when (exception is SocketException or IOException or ServiceNotConnectedException
                or SmtpProtocolException or TimeoutException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return ActionResult.Failure(
                    $"cannot reach the SMTP server {where}: {FirstLine(exception.Message)}",
                    "EMAIL_UNREACHABLE",
                    retryable: true);
            }
        }
    }

    /// <summary>Adds the addresses of an input (text, or a list of texts) to the list; null, or what is wrong.</summary>
    private static string? Addresses(JsonObject inputs, string name, InternetAddressList list, bool required)
    {
        var node = inputs[name];
        if (node is null)
        {
            return required ? $"input '{name}' is required" : null;
        }

        IEnumerable<JsonNode?> values = node is JsonArray array ? array : new[] { node };
        foreach (var value in values)
        {
            if (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
            {
                return $"input '{name}' must be an address or a list of addresses, got {InputReader.KindOf(value)}";
            }

            if (!InternetAddressList.TryParse(text.GetValue<string>(), out var parsed) || parsed.Count == 0)
            {
                return $"input '{name}': '{text.GetValue<string>()}' is not an email address";
            }

            list.AddRange(parsed);
        }

        return required && list.Count == 0 ? $"input '{name}' is required" : null;
    }

    private static string? Attach(BodyBuilder builder, JsonNode? item, int index)
    {
        var where = $"input 'attachments'[{index}]";
        if (item is not JsonObject attachment || attachment["filename"] is not JsonValue name || name.GetValueKind() != JsonValueKind.String)
        {
            return $"{where} must be an object with a filename and content or content_base64";
        }

        byte[] bytes;
        if (attachment["content_base64"] is JsonValue encoded && encoded.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                bytes = Convert.FromBase64String(encoded.GetValue<string>());
            }
            catch (FormatException)
            {
                return $"{where}: content_base64 is not base64";
            }
        }
        else if (attachment["content"] is { } content)
        {
            bytes = System.Text.Encoding.UTF8.GetBytes(
                content is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : content.ToJsonString());
        }
        else
        {
            return $"{where} needs content (text or JSON) or content_base64";
        }

        var type = attachment["content_type"] is JsonValue given && given.GetValueKind() == JsonValueKind.String
            ? given.GetValue<string>()
            : MimeTypes.GetMimeType(name.GetValue<string>());
        if (!ContentType.TryParse(type, out var contentType))
        {
            return $"{where}: content_type '{type}' is not a media type";
        }

        builder.Attachments.Add(name.GetValue<string>(), bytes, contentType);
        return null;
    }

    /// <summary>Trusts the system's roots, or a chain that ends in the given authority; never a wrong host name.</summary>
    private static bool Trusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var presented = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    private static string Sanitize(string text) =>
        new([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_')]);

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
