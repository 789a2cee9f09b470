namespace Stepwise.Cli.Doctor;

/// <summary>The settings, checked as <c>stepwise config validate</c> and <c>stepwise serve</c> check them.</summary>
internal sealed class ConfigCheck(ConfigReport report) : IDoctorCheck
{
    public const string Name = "configuration";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var findings = new List<DoctorFinding>();
        foreach (var problem in report.Problems)
        {
            findings.Add(DoctorFinding.Fail(Name, problem, "fix the setting named (stepwise config show lists each setting and its source)"));
        }

        foreach (var warning in report.Warnings)
        {
            findings.Add(DoctorFinding.Warn(Name, warning, "remove or rename the variable"));
        }

        if (findings.Count == 0)
        {
            findings.Add(DoctorFinding.Ok(Name, report.FilePath is null
                ? "the settings are valid (no stepwise.json; environment and defaults)"
                : $"the settings are valid (file {report.FilePath}, environment over it)"));
        }

        return Task.FromResult<IReadOnlyList<DoctorFinding>>(findings);
    }
}
