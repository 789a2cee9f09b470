namespace Stepwise.Server.Tls;

/// <summary>The services of client certificate checks; HTTPS itself is set up on Kestrel by <see cref="TlsSetup"/>.</summary>
internal static class TlsServices
{
    public static IServiceCollection AddStepwiseTls(this IServiceCollection services)
    {
        services.AddSingleton(sp => TlsOptions.Read(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton(sp => new ClientCertificateValidator(
            TlsCertificates.LoadAuthority(sp.GetRequiredService<TlsOptions>()), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Checks client certificates when the policy asks for them; otherwise adds nothing to the pipeline.</summary>
    public static WebApplication UseClientCertificates(this WebApplication app)
    {
        if (app.Services.GetService<TlsOptions>() is { ClientCertificates: not ClientCertificatePolicy.None })
        {
            app.UseMiddleware<ClientCertificateMiddleware>();
        }

        return app;
    }
}
