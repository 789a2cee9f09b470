using System.Security.Cryptography.X509Certificates;
using Stepwise.Core.Tests.Support;
using Stepwise.Server.Tls;

namespace Stepwise.Server.Tests.Tls;

public sealed class ClientCertificateValidatorTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider clock = new(Start);
    private readonly X509Certificate2 authority = DevCertificates.CreateAuthority("CA", Start.AddDays(-1), Start.AddDays(100));
    private readonly X509Certificate2 client;
    private readonly ClientCertificateValidator validator;

    public ClientCertificateValidatorTests()
    {
        client = DevCertificates.CreateClient(authority, "c", Start, Start.AddDays(10));
        validator = new ClientCertificateValidator(X509CertificateLoader.LoadCertificate(authority.RawData), clock);
    }

    [Fact]
    public void Problem_IssuedClientWithinItsValidity_IsNone()
    {
        clock.Advance(TimeSpan.FromDays(5));

        Assert.Null(validator.Problem(client));
    }

    [Fact]
    public void Problem_ClockPastNotAfter_SaysWhenItExpired()
    {
        clock.Advance(TimeSpan.FromDays(10) + TimeSpan.FromSeconds(1));

        Assert.Equal("the certificate expired on 2026-03-11 12:00:00Z", validator.Problem(client));
    }

    [Fact]
    public void Problem_ClockBeforeNotBefore_SaysFromWhen()
    {
        using var later = DevCertificates.CreateClient(authority, "later", Start.AddDays(2), Start.AddDays(10));

        Assert.Equal("the certificate is not valid before 2026-03-03 12:00:00Z", validator.Problem(later));
    }

    [Fact]
    public void Problem_TheCaItself_IsNotAClientCertificate()
    {
        Assert.Equal(
            "the certificate is not issued for client authentication (extended key usage clientAuth)",
            validator.Problem(authority));
    }

    public void Dispose()
    {
        client.Dispose();
        authority.Dispose();
    }
}
