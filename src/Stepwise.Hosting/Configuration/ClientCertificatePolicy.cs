namespace Stepwise.Hosting.Configuration;

/// <summary>What the server asks of client certificates (STEPWISE_CLIENT_CERTS, <c>serve --client-certs</c>).</summary>
internal enum ClientCertificatePolicy
{
    /// <summary>No certificate is asked for.</summary>
    None,

    /// <summary>A certificate is asked for; without one the request goes on, with an invalid one it is refused.</summary>
    Allow,

    /// <summary>Every request needs a valid certificate issued by the client CA.</summary>
    Require,
}
