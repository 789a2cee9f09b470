using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Stepwise.Server.Http.Rejections;

/// <summary>Puts <see cref="KestrelRejections"/> on every endpoint Kestrel binds.</summary>
internal static class KestrelRejectionSetup
{
    /// <param name="tls">Every address is https (TlsSetup refuses a mix).</param>
    public static void Configure(KestrelServerOptions kestrel, bool tls) => kestrel.ConfigureEndpointDefaults(listen =>
    {
        // Kestrel adds TLS to an https address after these defaults, which would put the middleware outside TLS where
        // it sees only ciphertext; adding TLS here first (with the HTTPS defaults TlsSetup configured) keeps it inside.
        if (tls)
        {
            listen.UseHttps();
        }

        listen.Use(listen.ApplicationServices.GetRequiredService<KestrelRejections>().Wrap);
    });
}
