namespace Stepwise.Cli.Doctor;

/// <summary>One line of <c>stepwise doctor</c>: what was checked, the verdict, what was found and what to do about it.</summary>
internal sealed record DoctorFinding(string Check, DoctorStatus Status, string Message, string? Fix = null)
{
    public static DoctorFinding Ok(string check, string message) => new(check, DoctorStatus.Ok, message);

    public static DoctorFinding Skip(string check, string message) => new(check, DoctorStatus.Skip, message);

    public static DoctorFinding Warn(string check, string message, string fix) => new(check, DoctorStatus.Warn, message, fix);

    public static DoctorFinding Fail(string check, string message, string fix) => new(check, DoctorStatus.Fail, message, fix);
}
