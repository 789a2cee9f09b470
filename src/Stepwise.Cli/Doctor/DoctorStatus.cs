namespace Stepwise.Cli.Doctor;

/// <summary>The verdict of one check of <c>stepwise doctor</c>; only <see cref="Fail"/> makes the exit code 1.</summary>
internal enum DoctorStatus
{
    Ok,

    /// <summary>Works now, but needs attention soon (a certificate about to expire, migrations pending).</summary>
    Warn,

    /// <summary>The server would not start, or would not work, as things are.</summary>
    Fail,

    /// <summary>The check does not apply here (no TLS, SQLite has no database clock).</summary>
    Skip,
}
