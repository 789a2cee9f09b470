using System.Security.Cryptography.X509Certificates;

namespace Stepwise.Hosting.Certificates;

/// <summary>
/// What <c>stepwise certs init</c> writes: a CA, a server and a client certificate with their keys as PEM, and the
/// client's certificate and key as a .pfx, laid out as <c>ca/ca.crt</c>, <c>server/server.crt</c>,
/// <c>client/client.crt</c>... Keys and the .pfx are readable by their owner only.
/// </summary>
internal sealed class DevCertificateSet(X509Certificate2 authority, X509Certificate2 server, X509Certificate2 client) : IDisposable
{
    public const string ClientName = "stepwise-client";

    public X509Certificate2 Authority => authority;

    public X509Certificate2 Server => server;

    public X509Certificate2 Client => client;

    public static string DefaultFolder(string dataFolder) => Path.Combine(dataFolder, "certs");

    public static string AuthorityCertificatePath(string folder) => Path.Combine(folder, "ca", "ca.crt");

    public static string ServerCertificatePath(string folder) => Path.Combine(folder, "server", "server.crt");

    public static string ServerKeyPath(string folder) => Path.Combine(folder, "server", "server.key");

    /// <summary>Every file of a set in <paramref name="folder"/>, certificates and keys alike.</summary>
    public static IReadOnlyList<string> Files(string folder) =>
    [
        AuthorityCertificatePath(folder),
        Path.Combine(folder, "ca", "ca.key"),
        ServerCertificatePath(folder),
        ServerKeyPath(folder),
        Path.Combine(folder, "client", "client.crt"),
        Path.Combine(folder, "client", "client.key"),
        Path.Combine(folder, "client", "client.pfx"),
    ];

    public static DevCertificateSet Create(IReadOnlyList<string> hosts, int days, DateTimeOffset now)
    {
        // Backdated a little so a clock a few minutes behind still accepts certificates issued just now.
        var notBefore = now.AddMinutes(-5);
        var notAfter = now.AddDays(days);
        var authority = DevCertificates.CreateAuthority("Stepwise Development CA", notBefore, notAfter);
        return new DevCertificateSet(
            authority,
            DevCertificates.CreateServer(authority, hosts, notBefore, notAfter),
            DevCertificates.CreateClient(authority, ClientName, notBefore, notAfter));
    }

    /// <summary>Writes the set; files are replaced only with <paramref name="overwrite"/>, else the first that exists is reported.</summary>
    public IReadOnlyList<string> WriteTo(string folder, bool overwrite)
    {
        var files = Files(folder);
        if (!overwrite && files.FirstOrDefault(File.Exists) is { } existing)
        {
            throw new IOException($"{existing} already exists; pass --force to replace every certificate and key in {folder}");
        }

        Write(files[0], authority.ExportCertificatePem(), secret: false);
        Write(files[1], PrivateKeyPem(authority), secret: true);
        Write(files[2], server.ExportCertificatePem(), secret: false);
        Write(files[3], PrivateKeyPem(server), secret: true);
        Write(files[4], client.ExportCertificatePem(), secret: false);
        Write(files[5], PrivateKeyPem(client), secret: true);
        WriteBytes(files[6], client.Export(X509ContentType.Pfx), secret: true);
        return files;
    }

    public void Dispose()
    {
        authority.Dispose();
        server.Dispose();
        client.Dispose();
    }

    private static string PrivateKeyPem(X509Certificate2 certificate) =>
        (certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"{certificate.Subject} has no private key"))
            .ExportPkcs8PrivateKeyPem();

    private static void Write(string path, string pem, bool secret) =>
        WriteBytes(path, System.Text.Encoding.ASCII.GetBytes(pem + "\n"), secret);

    private static void WriteBytes(string path, byte[] content, bool secret)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

        // The mode applies only when a file is created, so a key replaced with --force is created afresh.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
