namespace Stepwise.Cli.Doctor;

/// <summary>One check of <c>stepwise doctor</c>: one or more lines, each with its verdict.</summary>
internal interface IDoctorCheck
{
    Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken);
}
