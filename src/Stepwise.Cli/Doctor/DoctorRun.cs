namespace Stepwise.Cli.Doctor;

/// <summary>Runs every check of <c>stepwise doctor</c> in order (the store first: later checks use it).</summary>
internal static class DoctorRun
{
    public static async Task<IReadOnlyList<DoctorFinding>> RunAsync(
        DoctorContext context, ConfigReport report, CancellationToken cancellationToken)
    {
        IDoctorCheck[] checks =
        [
            new ConfigCheck(report), new StoreCheck(), new KeyFingerprintsCheck(), new CertificateCheck(), new PortCheck(),
            new DataFolderCheck(), new ClockSkewCheck(), new PoolCheck(), new WorkspaceBuildCheck(), new ServerCheck(),
        ];
        var findings = new List<DoctorFinding>();
        foreach (var check in checks)
        {
            try
            {
                findings.AddRange(await check.RunAsync(context, cancellationToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not OutOfMemoryException)
            {
                // One check's surprise must not hide the others' findings.
                findings.Add(DoctorFinding.Fail(
                    check.GetType().Name, $"the check could not run: {exception.Message}", "report this with 'stepwise diagnostics' attached"));
            }
        }

        return findings;
    }
}
