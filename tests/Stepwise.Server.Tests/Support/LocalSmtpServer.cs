using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Stepwise.Server.Tests.Support;

/// <summary>
/// A real SMTP server on 127.0.0.1 for the email action to talk to (the SmtpServer package): plain, STARTTLS or
/// implicit TLS with a certificate made for the test, optionally requiring a login. Received messages are parsed
/// with MimeKit.
/// </summary>
public sealed class LocalSmtpServer : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task running;
    private int disposed;

    private LocalSmtpServer(bool implicitTls, string? user, string? password)
    {
        Port = LocalHttpServer.FreePort();
        Certificate = MakeCertificate();
        var endpoint = new EndpointDefinitionBuilder().Endpoint(new IPEndPoint(IPAddress.Loopback, Port)).IsSecure(implicitTls)
            .Certificate(Certificate).AllowUnsecureAuthentication(true).AuthenticationRequired(user is not null).Build();
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(endpoint).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(Messages));
        services.Add(new Users(user, password));
        running = new SmtpServer.SmtpServer(options, services).StartAsync(stop.Token);
    }

    public int Port { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as PEM, for the action's ca_certificate (it is its own authority).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    public ConcurrentQueue<MimeMessage> Messages { get; } = new();

    /// <summary>STARTTLS on a plain port (or plain only, when the client does not ask for TLS).</summary>
    public static LocalSmtpServer StartTls(string? user = null, string? password = null) => new(false, user, password);

    public static LocalSmtpServer ImplicitTls(string? user = null, string? password = null) => new(true, user, password);

    public async Task<MimeMessage> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (Messages.TryDequeue(out var message))
            {
                return message;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        stop.Cancel();
        try
        {
            running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopped.
        }

        stop.Dispose();
        Certificate.Dispose();
    }

    private static X509Certificate2 MakeCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }

    private sealed class Store(ConcurrentQueue<MimeMessage> messages) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            messages.Enqueue(MimeMessage.Load(stream, cancellationToken));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    private sealed class Users(string? user, string? password) : IUserAuthenticator
    {
        public Task<bool> AuthenticateAsync(ISessionContext context, string name, string given, CancellationToken cancellationToken) =>
            Task.FromResult(name == user && given == password);
    }
}
