using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>
/// The documented path, as processes: <c>stepwise certs init</c>, then <c>stepwise serve --tls --client-certs
/// require</c> with a tight key budget, called by HttpClient holding client.pfx.
/// </summary>
public sealed class MtlsServeTests
{
    [Fact]
    public async Task Serve_TlsRequireWithCertsFromInit_ServesTheIssuedClientRefusesOthersAndLimitsTheKey()
    {
        using var data = new TempFolder();
        var init = await StepwiseProcess.RunAsync(["certs", "init", "--dir", Path.Combine(data.Path, "certs")]);
        Assert.True(init.ExitCode == 0, init.Stderr);
        using var authority = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(data.Path, "certs", "ca", "ca.crt"));
        using var issued = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(data.Path, "certs", "client", "client.pfx"), null);
        var port = ServerInstance.FreePort();
        using var server = StepwiseProcess.Start(
            ["serve", "--tls", "--client-certs", "require", "--data", data.Path, "--urls", $"https://127.0.0.1:{port}"],
            new Dictionary<string, string>
            {
                ["STEPWISE_ADMIN_KEY"] = ServerInstance.AdminKey,
                ["STEPWISE_RATE_LIMIT_PER_KEY"] = "3/m",
                ["LOG_LEVEL"] = "warning",
            });
        try
        {
            using var withCertificate = Client(port, authority, issued);
            using var withoutCertificate = Client(port, authority, certificate: null);
            await WaitUntilServingAsync(server, withCertificate);

            using var refused = await withoutCertificate.GetAsync("/api/v1/workflows");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            var error = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["error"]!;
            Assert.Equal("UNAUTHORIZED", error["code"]!.GetValue<string>());
            Assert.StartsWith("Client certificate required", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

            for (var remaining = 2; remaining >= 0; remaining--)
            {
                using var served = await withCertificate.GetAsync("/api/v1/workflows");
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
                Assert.Equal(remaining.ToString(System.Globalization.CultureInfo.InvariantCulture), served.Headers.GetValues("X-RateLimit-Remaining").Single());
            }

            using var limited = await withCertificate.GetAsync("/api/v1/workflows");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("3", limited.Headers.GetValues("X-RateLimit-Limit").Single());
            Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 60);
            Assert.Contains("tls.client_rejected", server.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            server.Terminate();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static HttpClient Client(int port, X509Certificate2 authority, X509Certificate2? certificate)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                // Trust the server through the development CA only, with its host name checked.
                RemoteCertificateValidationCallback = (_, presented, _, errors) =>
                {
                    if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(authority);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    using var server = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
                    return chain.Build(server);
                },
                ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
            },
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri($"https://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-API-Key", ServerInstance.AdminKey);
        return client;
    }

    private static async Task WaitUntilServingAsync(StepwiseProcess server, HttpClient client)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            Assert.False(server.HasExited, $"stepwise serve exited at start:\n{server.Stderr}");
            try
            {
                using var response = await client.GetAsync("/health/live", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, deadline.Token);
        }
    }
}
