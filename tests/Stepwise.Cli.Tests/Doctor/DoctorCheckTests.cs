using Stepwise.Cli.Commands;
using Stepwise.Cli.Doctor;

namespace Stepwise.Cli.Tests.Doctor;

/// <summary>The doctor's checks that are simplest to fault in this process: certificates, the data folder, bundle names.</summary>
public sealed class DoctorCheckTests
{
    [Fact]
    public void CertificateExpiry_Expired_Fails()
    {
        using var folder = new TempFolder();
        var now = TimeProvider.System.GetUtcNow();
        var (certificate, _) = TestCertificates.Write(folder.Path, now.AddDays(-90), now.AddDays(-1));

        var finding = CertificateCheck.Expiry("server certificate", TlsOptions.CertificateKey, certificate, now);

        Assert.Equal(DoctorStatus.Fail, finding.Status);
        Assert.Contains("expired on", finding.Message, StringComparison.Ordinal);
        Assert.Contains("stepwise certs init --force", finding.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateExpiry_FiveDaysLeft_Warns()
    {
        using var folder = new TempFolder();
        var now = TimeProvider.System.GetUtcNow();
        var (certificate, _) = TestCertificates.Write(folder.Path, now.AddDays(-30), now.AddDays(5).AddHours(1));

        var finding = CertificateCheck.Expiry("server certificate", TlsOptions.CertificateKey, certificate, now);

        Assert.Equal(DoctorStatus.Warn, finding.Status);
        Assert.Contains("in 5 day(s)", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CertificateExpiry_NinetyDaysLeft_Ok()
    {
        using var folder = new TempFolder();
        var now = TimeProvider.System.GetUtcNow();
        var (certificate, _) = TestCertificates.Write(folder.Path, now.AddDays(-1), now.AddDays(90));

        var finding = CertificateCheck.Expiry("server certificate", TlsOptions.CertificateKey, certificate, now);

        Assert.Equal(DoctorStatus.Ok, finding.Status);
    }

    [Fact]
    public void DataFolder_NotWritable_Fails()
    {
        // procfs refuses new files to everyone, root included, so the test holds whoever runs it.
        var findings = DataFolderCheck.Check("/proc/self");

        var folder = findings.First(finding => finding.Check == DataFolderCheck.Name);
        Assert.Equal(DoctorStatus.Fail, folder.Status);
        Assert.Contains("is not writable by this user", folder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DataFolder_KeyFileReadableByOthers_FailsNamingChmod()
    {
        using var folder = new TempFolder();
        var key = folder.Write("master.key", Convert.ToBase64String(new byte[32]));
        if (OperatingSystem.IsWindows())
        {
            return; // No Unix modes to get wrong.
        }

        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var findings = DataFolderCheck.Check(folder.Path);

        var keyFinding = Assert.Single(findings, finding => finding.Message.Contains("master.key", StringComparison.Ordinal));
        Assert.Equal(DoctorStatus.Fail, keyFinding.Status);
        Assert.Contains("has mode 0644", keyFinding.Message, StringComparison.Ordinal);
        Assert.Equal($"chmod 600 '{key}'", keyFinding.Fix);
    }

    [Fact]
    public void DataFolder_WritableWithPrivateKeyFile_Ok()
    {
        using var folder = new TempFolder();
        var key = folder.Write("jwt-signing.key", Convert.ToBase64String(new byte[32]));
        if (OperatingSystem.IsWindows())
        {
            return; // No Unix modes to get wrong.
        }

        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var findings = DataFolderCheck.Check(folder.Path);

        Assert.All(findings.Where(finding => finding.Check == DataFolderCheck.Name), finding => Assert.Equal(DoctorStatus.Ok, finding.Status));
        Assert.Contains(findings, finding => finding.Message.Contains("has mode 0600", StringComparison.Ordinal));
        Assert.Single(findings, finding => finding.Check == DataFolderCheck.DiskName);
    }

    [Fact]
    public async Task DiagnosticsBundle_TwoInTheSameSecond_NeitherOverwritesTheOther()
    {
        using var folder = new TempFolder();
        var now = TimeProvider.System.GetUtcNow();
        var first = new DiagnosticsBundle("key");
        first.Add("a.txt", "first");
        var second = new DiagnosticsBundle("key");
        second.Add("a.txt", "second");

        var firstPath = await first.WriteNewAsync(folder.Path, "stepwise-diagnostics-20260115T103000Z", now, CancellationToken.None);
        var secondPath = await second.WriteNewAsync(folder.Path, "stepwise-diagnostics-20260115T103000Z", now, CancellationToken.None);

        Assert.Equal(folder.File("stepwise-diagnostics-20260115T103000Z.tar.gz"), firstPath);
        Assert.Equal(folder.File("stepwise-diagnostics-20260115T103000Z-2.tar.gz"), secondPath);
        Assert.Equal(2, Directory.GetFiles(folder.Path).Length);
        Assert.NotEqual(await File.ReadAllBytesAsync(firstPath), await File.ReadAllBytesAsync(secondPath));
    }
}
