using System.Text;
using MimeKit;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Email;

/// <summary>The email action against a local SMTP server: TLS (STARTTLS and implicit) with a login from secrets, and plain.</summary>
public sealed class EmailActionTests : IDisposable
{
    private const string Password = "smtp-pass-7d41c9e2";

    private readonly ServerFactory server = new();

    public void Dispose() => server.Dispose();

    private static string Workflow(LocalSmtpServer smtp, string tls, bool login) => $$$"""
        name: notify
        params:
          - { name: customer, type: string, required: true }
          - { name: order, type: object, required: true }
        nodes:
          - id: mail
            type: email
            with:
              host: 127.0.0.1
              port: {{{smtp.Port}}}
              tls: {{{tls}}}
        {{{(login ? "      username: shop\n      password: ${{ secrets.smtp_password }}\n" : string.Empty)}}}      ca_certificate: ${{ config.smtp_ca }}
              from: Shop <shop@example.com>
              to: [ "${{ params.customer }}" ]
              subject: "Order ${{ params.order.id }} shipped"
              body: "Hello ${{ params.customer }}, your order ${{ params.order.id }} of ${{ params.order.total }} EUR is on its way."
              html: "<p>Order <b>${{ params.order.id }}</b> shipped.</p>"
              attachments:
                - { filename: order.json, content: "${{ params.order }}" }
                - { filename: note.txt, content_base64: "${{ base64_encode('thanks') }}", content_type: text/plain }
        """;

    private async Task<HttpClient> SetUpAsync(LocalSmtpServer smtp, string tls, bool login)
    {
        var client = server.Client();
        (await client.PutAsync("/api/v1/secrets/smtp_password", Api.Json($$"""{"value":"{{Password}}"}"""))).EnsureSuccessStatusCode();
        var pem = System.Text.Json.JsonSerializer.Serialize(smtp.CertificatePem);
        (await client.PutAsync("/api/v1/config/smtp_ca", Api.Json($$"""{"value":{{pem}}}"""))).EnsureSuccessStatusCode();
        await client.DeployAsync(Workflow(smtp, tls, login));
        return client;
    }

    [Theory]
    [InlineData("starttls")]
    [InlineData("tls")]
    public async Task Email_TlsWithLogin_DeliversTheTemplatedMessageWithAttachments(string tls)
    {
        using var smtp = tls == "tls" ? LocalSmtpServer.ImplicitTls("shop", Password) : LocalSmtpServer.StartTls("shop", Password);
        using var client = await SetUpAsync(smtp, tls, login: true);
        var run = await client.RunAsync("notify", """{"customer": "ada@example.com", "order": {"id": "A-17", "total": 42}}""");
        Assert.True(run.Status() == "succeeded", (await client.GetRunAsync(run.Id())).ToJsonString());

        var message = await smtp.NextAsync();
        Assert.Equal("Order A-17 shipped", message.Subject);
        Assert.Equal("ada@example.com", message.To.Mailboxes.Single().Address);
        Assert.Contains("your order A-17 of 42 EUR", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>A-17</b>", message.HtmlBody, StringComparison.Ordinal);
        var attachments = message.Attachments.OfType<MimePart>().ToDictionary(a => a.FileName ?? string.Empty);
        Assert.Equal("""{"id":"A-17","total":42}""", Read(attachments["order.json"]));
        Assert.Equal("application/json", attachments["order.json"].ContentType.MimeType);
        Assert.Equal("thanks", Read(attachments["note.txt"]));
        Assert.StartsWith(run.Id(), message.MessageId, StringComparison.Ordinal);

        var detail = await client.GetRunAsync(run.Id());
        Assert.Equal(message.MessageId, detail.Step("mail")!["output"]!["message_id"]!.GetValue<string>());
        Assert.DoesNotContain(Password, detail.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_Plain_DeliversWithoutTlsOrLogin()
    {
        using var smtp = LocalSmtpServer.StartTls();
        using var client = await SetUpAsync(smtp, "none", login: false);
        var run = await client.RunAsync("notify", """{"customer": "bob@example.com", "order": {"id": "B-2", "total": 7}}""");
        Assert.True(run.Status() == "succeeded", (await client.GetRunAsync(run.Id())).ToJsonString());
        Assert.Equal("Order B-2 shipped", (await smtp.NextAsync()).Subject);
    }

    [Fact]
    public async Task Email_WrongPassword_FailsWithoutShowingIt()
    {
        using var smtp = LocalSmtpServer.StartTls("shop", "another-password");
        using var client = await SetUpAsync(smtp, "starttls", login: true);
        var run = await client.RunAsync("notify", """{"customer": "ada@example.com", "order": {"id": "A-1", "total": 1}}""");
        Assert.Equal("failed", run.Status());
        var error = (await client.GetRunAsync(run.Id())).Step("mail")!["error"]!.GetValue<string>();
        Assert.Contains($"the SMTP server 127.0.0.1:{smtp.Port} refused the login of 'shop'", error, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error, StringComparison.Ordinal);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task Email_UntrustedCertificate_FailsTheTlsHandshake()
    {
        using var smtp = LocalSmtpServer.StartTls("shop", Password);
        using var client = await SetUpAsync(smtp, "starttls", login: true);
        (await client.DeleteAsync("/api/v1/config/smtp_ca")).EnsureSuccessStatusCode();
        (await client.PutAsync("/api/v1/config/smtp_ca", Api.Json("""{"value":null}"""))).EnsureSuccessStatusCode();
        var run = await client.RunAsync("notify", """{"customer": "ada@example.com", "order": {"id": "A-1", "total": 1}}""");
        Assert.Equal("failed", run.Status());
        Assert.Contains("TLS with the SMTP server", (await client.GetRunAsync(run.Id())).Step("mail")!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_ServerUnreachable_FailsWithTheAddress()
    {
        using var smtp = LocalSmtpServer.StartTls();
        using var client = await SetUpAsync(smtp, "none", login: false);
        smtp.Dispose();
        var run = await client.RunAsync("notify", """{"customer": "ada@example.com", "order": {"id": "A-1", "total": 1}}""");
        Assert.Equal("failed", run.Status());
        Assert.Contains($"cannot reach the SMTP server 127.0.0.1:{smtp.Port}", (await client.GetRunAsync(run.Id())).Step("mail")!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string Read(MimePart part)
    {
        using var stream = new MemoryStream();
        part.Content!.DecodeTo(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
